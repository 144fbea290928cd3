package org.rqbpf.grammar;

/**
 * Integer literals: decimal or {@code 0x} hex with an optional sign, up to 64 bits. Range checks work
 * on the written value, so {@code 0xffffffffffffffff} is not mistaken for {@code -1}.
 */
final class Numbers {
    static final long IMM_MIN = Integer.MIN_VALUE;
    static final long IMM_MAX = 0xffffffffL;

    private Numbers() {}

    /**
     * A parsed literal.
     *
     * @param bits the value as 64 two's-complement bits
     * @param aboveLong true when the written value is above {@code Long.MAX_VALUE} (so {@code bits} is negative)
     */
    record Num(long bits, boolean aboveLong) {
        boolean within(long min, long max) {
            return !aboveLong && bits >= min && bits <= max;
        }

        /** Fits a 32-bit immediate: -2^31 .. 2^32-1, kept as the same 32 bits. */
        boolean isImm32() {
            return within(IMM_MIN, IMM_MAX);
        }

        boolean isOff16() {
            return within(Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /** Parses a literal; null when it does not fit in 64 bits (signed or unsigned). */
    static Num parse(String text) {
        int i = 0;
        boolean negative = false;
        char c0 = text.charAt(0);
        if (c0 == '+' || c0 == '-') {
            negative = c0 == '-';
            i = 1;
        }
        boolean hex = text.length() > i + 1 && text.charAt(i) == '0' && (text.charAt(i + 1) | 0x20) == 'x';
        long mag = 0;
        if (hex) {
            i += 2;
            if (text.length() - i > 16 && !allZerosBefore(text, i, text.length() - 16)) {
                return null;
            }
            for (; i < text.length(); i++) {
                mag = (mag << 4) | Character.digit(text.charAt(i), 16);
            }
        } else {
            boolean mayOverflow = text.length() - i > 18;
            for (; i < text.length(); i++) {
                int d = text.charAt(i) - '0';
                if (mayOverflow && Long.compareUnsigned(mag, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    return null;
                }
                mag = mag * 10 + d;
            }
        }
        if (negative) {
            if (Long.compareUnsigned(mag, Long.MIN_VALUE) > 0) {
                return null;
            }
            return new Num(-mag, false);
        }
        return new Num(mag, mag < 0);
    }

    private static boolean allZerosBefore(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (text.charAt(k) != '0') {
                return false;
            }
        }
        return true;
    }
}
