package org.rqbpf.isa;

/**
 * The two-operand ALU operations. Signed division and modulo share the opcode of DIV and MOD and are
 * told apart by {@code off = 1} (RFC 9669).
 */
public enum AluOp {
    ADD(Bpf.ADD, 0, "+"),
    SUB(Bpf.SUB, 0, "-"),
    MUL(Bpf.MUL, 0, "*"),
    DIV(Bpf.DIV, 0, "/"),
    SDIV(Bpf.DIV, 1, "s/"),
    OR(Bpf.OR, 0, "|"),
    AND(Bpf.AND, 0, "&"),
    LSH(Bpf.LSH, 0, "<<"),
    RSH(Bpf.RSH, 0, ">>"),
    MOD(Bpf.MOD, 0, "%"),
    SMOD(Bpf.MOD, 1, "s%"),
    XOR(Bpf.XOR, 0, "^"),
    ARSH(Bpf.ARSH, 0, "s>>");

    private final int code;
    private final int off;
    private final String symbol;

    AluOp(int code, int off, String symbol) {
        this.code = code;
        this.off = off;
        this.symbol = symbol;
    }

    /** The operation bits (opcode & 0xf0). */
    public int code() {
        return code;
    }

    /** The {@code off} field that selects this operation (1 for the signed forms). */
    public int off() {
        return off;
    }

    /** The operator without {@code =}, e.g. {@code s>>}. */
    public String symbol() {
        return symbol;
    }

    /** The operation of an opcode's op bits and off field, or null when none. */
    public static AluOp of(int code, int off) {
        for (AluOp op : values()) {
            if (op.code == code && op.off == off) {
                return op;
            }
        }
        return null;
    }

    /** The operation of a compound assignment symbol without {@code =}, or null. */
    public static AluOp ofSymbol(String symbol) {
        for (AluOp op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        return null;
    }
}
