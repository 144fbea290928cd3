package org.rqbpf.isa;

/**
 * The typed view of one BPF instruction (RFC 9669 plus the kernel's pseudo forms). {@link Encoder} turns
 * it into {@link RawInsn} slots, {@link Decoder} back, and {@link Disassembler} prints it in the
 * {@code llvm-objdump -d} spelling. Registers are plain ints 0..10.
 */
public sealed interface Insn {
    /** Slots taken by the encoded instruction: 2 for a 64-bit immediate load, else 1. */
    default int slots() {
        return 1;
    }

    /** The second operand of ALU and jump instructions: a register or a 32-bit immediate. */
    sealed interface Operand permits Reg, Imm {}

    record Reg(int reg) implements Operand {}

    record Imm(int value) implements Operand {}

    /** {@code dst OP= src}. */
    record Alu(Width width, AluOp op, int dst, Operand src) implements Insn {}

    /** {@code dst = src}. */
    record Mov(Width width, int dst, Operand src) implements Insn {}

    /** {@code dst = -dst}. */
    record Neg(Width width, int dst) implements Insn {}

    /** {@code dst = (sBITS)src}: sign-extending move of the low 8, 16 or 32 bits. */
    record MovSx(Width width, int dst, int src, int bits) implements Insn {}

    /** {@code dst = be16 dst}, {@code le32}, {@code bswap64}, ...: byte order conversion of the low BITS bits. */
    record Endian(EndianKind kind, int dst, int bits) implements Insn {}

    /**
     * {@code lddw}: a 64-bit immediate load. {@code pseudo} is the src_reg field: 0 for a plain constant
     * ({@code imm | nextImm << 32}), {@link Bpf#PSEUDO_MAP_IDX} (imm = map index),
     * {@link Bpf#PSEUDO_MAP_IDX_VALUE} (imm = map index, nextImm = offset in the value).
     */
    record LdImm64(int dst, int pseudo, int imm, int nextImm) implements Insn {
        public static LdImm64 constant(int dst, long value) {
            return new LdImm64(dst, 0, (int) value, (int) (value >>> 32));
        }

        /** The 64-bit constant of a plain load. */
        public long value() {
            return (imm & 0xffffffffL) | ((long) nextImm << 32);
        }

        @Override
        public int slots() {
            return 2;
        }
    }

    /** {@code dst = *(uSIZE *)(src + off)}. */
    record Load(Size size, int dst, int src, int off) implements Insn {}

    /** {@code dst = *(sSIZE *)(src + off)}: sign-extending load. */
    record LoadSx(Size size, int dst, int src, int off) implements Insn {}

    /**
     * The legacy packet load {@code r0 = *(u8|u16|u32 *)skb[imm]} ({@code LD_ABS}, {@code src} -1) or
     * {@code skb[rSRC + imm]} ({@code LD_IND}), in network byte order; {@code r1}-{@code r5} are clobbered.
     */
    record LoadPacket(Size size, int src, int imm) implements Insn {
        public boolean indirect() {
            return src >= 0;
        }
    }

    /** {@code *(uSIZE *)(dst + off) = src}. */
    record Store(Size size, int dst, int src, int off) implements Insn {}

    /** {@code *(uSIZE *)(dst + off) = imm}. */
    record StoreImm(Size size, int dst, int off, int imm) implements Insn {}

    /** An atomic operation on {@code *(dst + off)} with {@code src} (and r0 for cmpxchg). */
    record Atomic(Size size, AtomicOp op, int dst, int src, int off) implements Insn {}

    /** {@code if dst OP src goto off}. */
    record Jump(Width width, JmpOp op, int dst, Operand src, int off) implements Insn {}

    /** {@code goto off} (16-bit offset) or, when {@code wide}, {@code gotol off} (32-bit offset in imm). */
    record Goto(boolean wide, int offset) implements Insn {}

    /** A call: a helper by id, a kfunc by id, or a BPF-to-BPF call with a relative offset. */
    record Call(CallKind kind, int imm) implements Insn {}

    /** {@code callx rN}: an indirect call through a register (the register is in dst_reg). */
    record CallX(int reg) implements Insn {}

    record Exit() implements Insn {}

    enum EndianKind {
        /** {@code be16/32/64}: ALU | END | TO_BE. */
        BE("be"),
        /** {@code le16/32/64}: ALU | END | TO_LE. */
        LE("le"),
        /** {@code bswap16/32/64}: ALU64 | END. */
        BSWAP("bswap");

        private final String word;

        EndianKind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    enum CallKind {
        HELPER(0),
        SUBPROG(Bpf.PSEUDO_CALL),
        KFUNC(Bpf.PSEUDO_KFUNC_CALL);

        private final int src;

        CallKind(int src) {
            this.src = src;
        }

        /** The src_reg field of the encoded call. */
        public int src() {
            return src;
        }
    }
}
