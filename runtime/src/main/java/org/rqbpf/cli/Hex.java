package org.rqbpf.cli;

/** Parses the hex byte strings of the command line ({@code --ctx}, {@code --packet}, the plugin protocol). */
final class Hex {
    private Hex() {}

    /**
     * Bytes of a hex string; whitespace is ignored and an optional {@code 0x} prefix is allowed.
     *
     * @throws CliException (usage) for odd lengths or non-hex characters, naming {@code what}
     */
    static byte[] parse(String text, String what) {
        String t = text.replaceAll("\\s+", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.length() % 2 != 0) {
            throw new CliException(ExitCodes.USAGE, "invalid " + what + " hex: odd number of digits");
        }
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(t.charAt(2 * i), 16);
            int lo = Character.digit(t.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new CliException(ExitCodes.USAGE, "invalid " + what + " hex: '" + t.substring(2 * i, 2 * i + 2) + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
