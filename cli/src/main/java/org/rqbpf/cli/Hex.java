package org.rqbpf.cli;

/** Parses the hex byte strings of the command line ({@code --ctx}, {@code --packet}, the plugin protocol). */
final class Hex {
    private Hex() {}

    /**
     * Bytes of a hex string; whitespace is ignored and an optional {@code 0x} prefix is allowed. Only
     * ASCII hex digits count ({@link Character#digit} would also take, say, Arabic-Indic digits).
     *
     * @throws CliException (usage) for non-hex characters or odd lengths, naming {@code what}
     */
    static byte[] parse(String text, String what) {
        String t = text.replaceAll("\\s+", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        for (int i = 0; i < t.length(); i++) {
            if (digit(t.charAt(i)) < 0) {
                throw new CliException(ExitCodes.USAGE, "invalid " + what + " hex: '" + printable(t.charAt(i))
                        + "' is not a hex digit");
            }
        }
        if (t.length() % 2 != 0) {
            throw new CliException(ExitCodes.USAGE, "invalid " + what + " hex: odd number of digits (" + t.length() + ")");
        }
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (digit(t.charAt(2 * i)) << 4 | digit(t.charAt(2 * i + 1)));
        }
        return out;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
