package org.rqbpf.runtime.fuzz;

/** Immediates biased towards the values where arithmetic and range tracking have edges. */
final class Constants {
    private static final long[] EDGES = {
        0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 4095, 65535, 65536,
        0x7fffffffL, 0x80000000L, 0xffffffffL, -1, -2, -8, -128, -129, -32768, -2147483648L, 0x12345678L,
    };

    private Constants() {}

    /** A 32-bit immediate as the assembler accepts it (-2^31 .. 2^32-1). */
    static String imm(GenState s) {
        return Long.toString(imm32(s));
    }

    static long imm32(GenState s) {
        int roll = s.rnd.nextInt(10);
        if (roll < 6) {
            return EDGES[s.rnd.nextInt(EDGES.length)];
        } else if (roll < 8) {
            return s.rnd.nextInt(64) - 16;
        }
        return s.rnd.nextInt();
    }

    /** A 64-bit immediate for {@code rD = N ll}. */
    static String imm64(GenState s) {
        long v = switch (s.rnd.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> imm32(s) << s.rnd.nextInt(40);
            default -> s.rnd.nextLong();
        };
        return "0x" + Long.toHexString(v);
    }
}
