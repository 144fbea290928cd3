package org.rqbpf.isa;

/** The atomic read-modify-write operations: the {@code imm} of a {@code STX | ATOMIC} instruction. */
public enum AtomicOp {
    ADD(Bpf.ADD, "+", "add"),
    OR(Bpf.OR, "|", "or"),
    AND(Bpf.AND, "&", "and"),
    XOR(Bpf.XOR, "^", "xor"),
    FETCH_ADD(Bpf.ADD | Bpf.FETCH, "+", "add"),
    FETCH_OR(Bpf.OR | Bpf.FETCH, "|", "or"),
    FETCH_AND(Bpf.AND | Bpf.FETCH, "&", "and"),
    FETCH_XOR(Bpf.XOR | Bpf.FETCH, "^", "xor"),
    XCHG(Bpf.XCHG, null, "xchg"),
    CMPXCHG(Bpf.CMPXCHG, null, "cmpxchg");

    private final int imm;
    private final String symbol;
    private final String word;

    AtomicOp(int imm, String symbol, String word) {
        this.imm = imm;
        this.symbol = symbol;
        this.word = word;
    }

    /** The encoded {@code imm}. */
    public int imm() {
        return imm;
    }

    /** The operator of the {@code lock ... OP= rS} form (null for xchg and cmpxchg). */
    public String symbol() {
        return symbol;
    }

    /** The operation word of {@code atomic_fetch_WORD}. */
    public String word() {
        return word;
    }

    /** True when the old value is written back to the source register (or r0 for cmpxchg). */
    public boolean fetches() {
        return (imm & Bpf.FETCH) != 0;
    }

    public static AtomicOp ofImm(int imm) {
        for (AtomicOp op : values()) {
            if (op.imm == imm) {
                return op;
            }
        }
        return null;
    }

    /** The non-fetching operation of a {@code lock ... OP=} symbol, or null. */
    public static AtomicOp ofLockSymbol(String symbol) {
        for (AtomicOp op : values()) {
            if (!op.fetches() && symbol.equals(op.symbol)) {
                return op;
            }
        }
        return null;
    }

    /** The fetching operation of {@code atomic_fetch_WORD}, or null. */
    public static AtomicOp ofFetchWord(String word) {
        for (AtomicOp op : values()) {
            if (op.fetches() && op.symbol != null && op.word.equals(word)) {
                return op;
            }
        }
        return null;
    }
}
