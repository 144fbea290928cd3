package org.rqbpf.isa;

/**
 * The arithmetic, byte-order, sign-extension and jump-condition semantics of RFC 9669, in one place.
 * The interpreter calls these methods, the JIT emits calls to them and the verifier folds constants
 * with them, so no two parts of rqbpf can disagree about an instruction's result. Every method is
 * static, small and side-effect free; 32-bit results are returned zero-extended to 64 bits, as the ISA
 * writes them into a register.
 *
 * <p>Memory accesses (loads, stores, atomics) are not here: they go through the kernel's checked
 * {@code Memory} (the runtime's {@code MemoryOps}).
 */
public final class Semantics {
    private Semantics() {}

    private static final long LOW32 = 0xffff_ffffL;

    /** Zero-extends the low 32 bits of {@code v}: what every 32-bit ALU result does to the register. */
    public static long zext32(long v) {
        return v & LOW32;
    }

    // ------------------------------------------------------------------------------------ 64-bit ALU

    /** {@code dst /= src} unsigned; division by zero gives 0. */
    public static long div64(long dst, long src) {
        return src == 0 ? 0 : Long.divideUnsigned(dst, src);
    }

    /** {@code dst %= src} unsigned; modulo by zero leaves {@code dst} unchanged. */
    public static long mod64(long dst, long src) {
        return src == 0 ? dst : Long.remainderUnsigned(dst, src);
    }

    /** {@code dst s/= src}; division by zero gives 0 and {@code LLONG_MIN s/ -1} gives {@code LLONG_MIN}. */
    public static long sdiv64(long dst, long src) {
        if (src == 0) {
            return 0;
        }
        return src == -1 ? -dst : dst / src;
    }

    /** {@code dst s%= src}; modulo by zero leaves {@code dst}, {@code x s% -1} is 0; the sign follows {@code dst}. */
    public static long smod64(long dst, long src) {
        if (src == 0) {
            return dst;
        }
        return src == -1 ? 0 : dst % src;
    }

    /** {@code dst <<= src}: the amount is masked to 6 bits. */
    public static long lsh64(long dst, long src) {
        return dst << (src & 63);
    }

    /** {@code dst >>= src} (logical): the amount is masked to 6 bits. */
    public static long rsh64(long dst, long src) {
        return dst >>> (src & 63);
    }

    /** {@code dst s>>= src} (arithmetic): the amount is masked to 6 bits. */
    public static long arsh64(long dst, long src) {
        return dst >> (src & 63);
    }

    // ------------------------------------------------------------------------------------ 32-bit ALU

    public static long add32(long dst, long src) {
        return (dst + src) & LOW32;
    }

    public static long sub32(long dst, long src) {
        return (dst - src) & LOW32;
    }

    public static long mul32(long dst, long src) {
        return ((int) dst * (int) src) & LOW32;
    }

    public static long or32(long dst, long src) {
        return (dst | src) & LOW32;
    }

    public static long and32(long dst, long src) {
        return dst & src & LOW32;
    }

    public static long xor32(long dst, long src) {
        return (dst ^ src) & LOW32;
    }

    public static long neg32(long dst) {
        return -(int) dst & LOW32;
    }

    /** {@code wD /= wS} unsigned on the low 32 bits; division by zero gives 0. */
    public static long div32(long dst, long src) {
        int d = (int) src;
        return d == 0 ? 0 : Integer.divideUnsigned((int) dst, d) & LOW32;
    }

    /** {@code wD %= wS} unsigned; modulo by zero leaves the low 32 bits of {@code dst}, zero-extended. */
    public static long mod32(long dst, long src) {
        int d = (int) src;
        return d == 0 ? dst & LOW32 : Integer.remainderUnsigned((int) dst, d) & LOW32;
    }

    /** {@code wD s/= wS}; division by zero gives 0, {@code INT_MIN s/ -1} gives {@code INT_MIN}. */
    public static long sdiv32(long dst, long src) {
        int d = (int) src;
        if (d == 0) {
            return 0;
        }
        return (d == -1 ? -(int) dst : (int) dst / d) & LOW32;
    }

    /** {@code wD s%= wS}; modulo by zero leaves the low 32 bits of {@code dst}, zero-extended. */
    public static long smod32(long dst, long src) {
        int d = (int) src;
        if (d == 0) {
            return dst & LOW32;
        }
        return (d == -1 ? 0 : (int) dst % d) & LOW32;
    }

    /** {@code wD <<= wS}: the amount is masked to 5 bits. */
    public static long lsh32(long dst, long src) {
        return ((int) dst << (src & 31)) & LOW32;
    }

    /** {@code wD >>= wS} (logical): the amount is masked to 5 bits. */
    public static long rsh32(long dst, long src) {
        return ((int) dst >>> (src & 31)) & LOW32;
    }

    /** {@code wD s>>= wS} (arithmetic on the low 32 bits): the amount is masked to 5 bits. */
    public static long arsh32(long dst, long src) {
        return ((int) dst >> (src & 31)) & LOW32;
    }

    // ------------------------------------------------------------------------ sign-extending moves

    /** {@code rD = (s8|s16|s32) rS}: {@code bits} is the {@code off} of the MOV (8, 16 or 32). */
    public static long movsx64(long src, int bits) {
        return switch (bits) {
            case 8 -> (byte) src;
            case 16 -> (short) src;
            case 32 -> (int) src;
            default -> throw new IllegalArgumentException("movsx of " + bits + " bits");
        };
    }

    /** {@code wD = (s8|s16) wS}: sign-extends into 32 bits, then zero-extends the register. */
    public static long movsx32(long src, int bits) {
        return switch (bits) {
            case 8 -> (byte) src & LOW32;
            case 16 -> (short) src & LOW32;
            case 32 -> src & LOW32;
            default -> throw new IllegalArgumentException("movsx of " + bits + " bits");
        };
    }

    // ------------------------------------------------------------------------------ byte order

    /**
     * {@code le16/le32/le64}: conversion to little endian, which on the little-endian machine BPF models
     * is a truncation to {@code width} bits.
     */
    public static long toLe(long v, int width) {
        return switch (width) {
            case 16 -> v & 0xffff;
            case 32 -> v & LOW32;
            case 64 -> v;
            default -> throw new IllegalArgumentException("byte swap of " + width + " bits");
        };
    }

    /** {@code be16/be32/be64} and {@code bswap16/32/64}: reverses the low {@code width} bits' bytes, zero-extended. */
    public static long bswap(long v, int width) {
        return switch (width) {
            case 16 -> Short.reverseBytes((short) v) & 0xffff;
            case 32 -> Integer.reverseBytes((int) v) & LOW32;
            case 64 -> Long.reverseBytes(v);
            default -> throw new IllegalArgumentException("byte swap of " + width + " bits");
        };
    }

    // ------------------------------------------------------------------------- whole ALU ops

    /**
     * The result of the ALU64 operation {@code op} ({@link Bpf#ADD} ... {@link Bpf#ARSH}, {@link Bpf#NEG},
     * {@link Bpf#MOV}); {@code off} 1 selects the signed division and modulo of the v4 ISA.
     */
    public static long alu64(int op, long dst, long src, int off) {
        return switch (op) {
            case Bpf.ADD -> dst + src;
            case Bpf.SUB -> dst - src;
            case Bpf.MUL -> dst * src;
            case Bpf.DIV -> off == 1 ? sdiv64(dst, src) : div64(dst, src);
            case Bpf.MOD -> off == 1 ? smod64(dst, src) : mod64(dst, src);
            case Bpf.OR -> dst | src;
            case Bpf.AND -> dst & src;
            case Bpf.XOR -> dst ^ src;
            case Bpf.LSH -> lsh64(dst, src);
            case Bpf.RSH -> rsh64(dst, src);
            case Bpf.ARSH -> arsh64(dst, src);
            case Bpf.NEG -> -dst;
            case Bpf.MOV -> src;
            default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
        };
    }

    /** As {@link #alu64} for the 32-bit ALU class; the result is zero-extended. */
    public static long alu32(int op, long dst, long src, int off) {
        return switch (op) {
            case Bpf.ADD -> add32(dst, src);
            case Bpf.SUB -> sub32(dst, src);
            case Bpf.MUL -> mul32(dst, src);
            case Bpf.DIV -> off == 1 ? sdiv32(dst, src) : div32(dst, src);
            case Bpf.MOD -> off == 1 ? smod32(dst, src) : mod32(dst, src);
            case Bpf.OR -> or32(dst, src);
            case Bpf.AND -> and32(dst, src);
            case Bpf.XOR -> xor32(dst, src);
            case Bpf.LSH -> lsh32(dst, src);
            case Bpf.RSH -> rsh32(dst, src);
            case Bpf.ARSH -> arsh32(dst, src);
            case Bpf.NEG -> neg32(dst);
            case Bpf.MOV -> zext32(src);
            default -> throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
        };
    }

    // ------------------------------------------------------------------------- jump conditions
    // One small method per condition, so back ends call exactly the comparison an opcode names.

    public static boolean jgt64(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    public static boolean jge64(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }

    public static boolean jlt64(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean jle64(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    public static boolean jset64(long a, long b) {
        return (a & b) != 0;
    }

    public static boolean jeq32(long a, long b) {
        return (int) a == (int) b;
    }

    public static boolean jne32(long a, long b) {
        return (int) a != (int) b;
    }

    public static boolean jgt32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) > 0;
    }

    public static boolean jge32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) >= 0;
    }

    public static boolean jlt32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) < 0;
    }

    public static boolean jle32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) <= 0;
    }

    public static boolean jset32(long a, long b) {
        return ((int) a & (int) b) != 0;
    }

    public static boolean jsgt32(long a, long b) {
        return (int) a > (int) b;
    }

    public static boolean jsge32(long a, long b) {
        return (int) a >= (int) b;
    }

    public static boolean jslt32(long a, long b) {
        return (int) a < (int) b;
    }

    public static boolean jsle32(long a, long b) {
        return (int) a <= (int) b;
    }

    /**
     * The 64-bit condition of a JMP {@code op} ({@link Bpf#JEQ} ... {@link Bpf#JSLE}); the signed and
     * equality forms are the JVM's own {@code long} comparisons.
     */
    public static boolean cond64(int op, long a, long b) {
        return switch (op) {
            case Bpf.JEQ -> a == b;
            case Bpf.JNE -> a != b;
            case Bpf.JGT -> jgt64(a, b);
            case Bpf.JGE -> jge64(a, b);
            case Bpf.JLT -> jlt64(a, b);
            case Bpf.JLE -> jle64(a, b);
            case Bpf.JSET -> jset64(a, b);
            case Bpf.JSGT -> a > b;
            case Bpf.JSGE -> a >= b;
            case Bpf.JSLT -> a < b;
            case Bpf.JSLE -> a <= b;
            default -> throw new IllegalArgumentException("not a conditional jump: 0x" + Integer.toHexString(op));
        };
    }

    /** The 32-bit condition of a JMP32 {@code op}: compares the low 32 bits only. */
    public static boolean cond32(int op, long a, long b) {
        return switch (op) {
            case Bpf.JEQ -> jeq32(a, b);
            case Bpf.JNE -> jne32(a, b);
            case Bpf.JGT -> jgt32(a, b);
            case Bpf.JGE -> jge32(a, b);
            case Bpf.JLT -> jlt32(a, b);
            case Bpf.JLE -> jle32(a, b);
            case Bpf.JSET -> jset32(a, b);
            case Bpf.JSGT -> jsgt32(a, b);
            case Bpf.JSGE -> jsge32(a, b);
            case Bpf.JSLT -> jslt32(a, b);
            case Bpf.JSLE -> jsle32(a, b);
            default -> throw new IllegalArgumentException("not a conditional jump: 0x" + Integer.toHexString(op));
        };
    }
}
