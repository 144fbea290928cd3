package org.rqbpf.isa;

/** The conditional jump comparisons with their opcode bits and LLVM operators. */
public enum JmpOp {
    JEQ(Bpf.JEQ, "=="),
    JNE(Bpf.JNE, "!="),
    JGT(Bpf.JGT, ">"),
    JGE(Bpf.JGE, ">="),
    JLT(Bpf.JLT, "<"),
    JLE(Bpf.JLE, "<="),
    JSGT(Bpf.JSGT, "s>"),
    JSGE(Bpf.JSGE, "s>="),
    JSLT(Bpf.JSLT, "s<"),
    JSLE(Bpf.JSLE, "s<="),
    JSET(Bpf.JSET, "&");

    private final int code;
    private final String symbol;

    JmpOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() {
        return code;
    }

    public String symbol() {
        return symbol;
    }

    public static JmpOp ofCode(int code) {
        for (JmpOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }

    public static JmpOp ofSymbol(String symbol) {
        for (JmpOp op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        return null;
    }
}
