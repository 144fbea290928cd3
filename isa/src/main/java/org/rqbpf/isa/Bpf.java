package org.rqbpf.isa;

/**
 * Opcode bits of RFC 9669, with the kernel's names (without the {@code BPF_} prefix). Shared by the
 * encoder, decoder, verifier and runtime so that no module spells an opcode bit twice.
 */
public final class Bpf {
    private Bpf() {}

    // Instruction classes (opcode & 0x07).
    public static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;

    // Source operand (opcode & 0x08) for ALU and JMP classes.
    public static final int K = 0x00, X = 0x08;

    // ALU operations (opcode & 0xf0).
    public static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
            RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, MOV = 0xb0, ARSH = 0xc0, END = 0xd0;

    // Byte-swap source for END: TO_LE (0x00) with ALU, TO_BE (0x08) with ALU; ALU64|END is bswap.
    public static final int TO_LE = 0x00, TO_BE = 0x08;

    // Jump operations (opcode & 0xf0).
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50, JSGT = 0x60,
            JSGE = 0x70, CALL = 0x80, EXIT = 0x90, JLT = 0xa0, JLE = 0xb0, JSLT = 0xc0, JSLE = 0xd0;

    // Memory sizes (opcode & 0x18).
    public static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;

    // Memory modes (opcode & 0xe0).
    public static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0;

    // Atomic operations (imm of an ATOMIC store).
    public static final int FETCH = 0x01, XCHG = 0xe0 | FETCH, CMPXCHG = 0xf0 | FETCH;

    /** {@code lddw}: LD | IMM | DW. */
    public static final int LD_IMM64 = LD | IMM | DW;

    // Pseudo source registers of ld_imm64.
    public static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2, PSEUDO_MAP_IDX = 5, PSEUDO_MAP_IDX_VALUE = 6;

    // Pseudo source registers of call.
    public static final int PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;

    /** {@code callx}: JMP | CALL | X, the register in dst_reg. */
    public static final int CALLX = JMP | CALL | X;

    public static int cls(int opcode) {
        return opcode & 0x07;
    }

    public static int op(int opcode) {
        return opcode & 0xf0;
    }

    public static int srcBit(int opcode) {
        return opcode & 0x08;
    }

    public static int size(int opcode) {
        return opcode & 0x18;
    }

    public static int mode(int opcode) {
        return opcode & 0xe0;
    }

    /** Bytes moved by a load or store of the given size bits. */
    public static int sizeBytes(int sizeBits) {
        return switch (sizeBits) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> 8;
        };
    }
}
