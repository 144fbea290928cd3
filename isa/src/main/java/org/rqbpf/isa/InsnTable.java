package org.rqbpf.isa;

/**
 * The one table of instruction validity: for each of the 256 opcode bytes, whether it is an instruction,
 * and what each of its four fields may hold. The decoder, the interpreter's and the JIT's image
 * planners and the verifier all ask this table, so an opcode or a field rule is written once.
 *
 * <p>The opcode set is the kernel's {@code bpf_opcode_in_insntable} ({@code BPF_INSN_MAP} in
 * kernel/bpf/core.c, with the cBPF carry-over {@code LD|ABS} and {@code LD|IND} loads), plus
 * {@code callx} ({@code JMP|CALL|X}, RFC 9669's call by register), which the engines run and Linux
 * does not load ({@link #inLinuxTable}).
 *
 * <p>The field rules are the kernel verifier's reserved-field checks ({@code check_alu_op},
 * {@code do_check_insn}, {@code resolve_pseudo_ldimm64}). Each rule is one {@link Use}; an engine
 * that runs programs without the verifier enforces only the rules it needs to execute an instruction
 * ({@link Use#executable}): registers in range, and the fields that select a variant (a division's
 * signedness, a sign extension's width, a swap's width, an atomic operation, a call's kind). A field
 * that must merely be zero is then ignored, as the kernel's interpreter ignores it.
 */
public final class InsnTable {
    private InsnTable() {}

    /** Registers r0 to r10. */
    public static final int REGISTERS = 11;
    /** The read-only frame pointer. */
    public static final int FRAME_POINTER = 10;
    /** Frames of BPF-to-BPF calls, the main frame included (the kernel's {@code MAX_CALL_FRAMES}). */
    public static final int MAX_CALL_FRAMES = 8;
    /** Bytes of stack per frame, and in all frames of one call chain (the kernel's {@code MAX_BPF_STACK}). */
    public static final int STACK_SIZE = 512;

    /** What one field of an instruction may hold. */
    public enum Use {
        /** Reserved: must be 0. */
        ZERO("0", false),
        /** A register, r0 to r10. */
        REG("a register r0-r10", true),
        /** Any value (an offset or an immediate operand). */
        ANY("any value", true),
        /** A division's or modulo's offset: 0 unsigned, 1 signed. */
        DIVISION("0 (unsigned) or 1 (signed)", true),
        /** A 32-bit {@code mov}'s offset: 0, or the sign-extended width 8 or 16. */
        SX_WIDTH32("0, 8 or 16", true),
        /** A 64-bit {@code mov}'s offset: 0, or the sign-extended width 8, 16 or 32. */
        SX_WIDTH64("0, 8, 16 or 32", true),
        /** A byte swap's width. */
        SWAP_WIDTH("16, 32 or 64", true),
        /** An atomic operation: add, or, and, xor (each with or without fetch), xchg, cmpxchg. */
        ATOMIC_OP("an atomic operation", true),
        /** A call's kind: 0 helper, 1 BPF function, 2 kfunc. */
        CALL_KIND("0 (helper), 1 (BPF function) or 2 (kfunc)", true),
        /** A call's offset: 0, except for a kfunc call (the BTF of the kfunc's module). */
        CALL_OFFSET("0 (except for a kfunc)", false),
        /** The pseudo source of an {@code ld_imm64}, {@code BPF_PSEUDO_*} 0 to 6. */
        LD_IMM64_SOURCE("0 to 6", true);

        private final String allowed;
        private final boolean executable;

        Use(String allowed, boolean executable) {
            this.allowed = allowed;
            this.executable = executable;
        }

        /** The values allowed, in words. */
        public String allowed() {
            return allowed;
        }

        /** Whether an engine needs this rule to execute the instruction (a zero field it does not). */
        public boolean executable() {
            return executable;
        }

        boolean allows(int value, RawInsn i) {
            return switch (this) {
                case ZERO -> value == 0;
                case REG -> value >= 0 && value < REGISTERS;
                case ANY -> true;
                case DIVISION -> value == 0 || value == 1;
                case SX_WIDTH32 -> value == 0 || value == 8 || value == 16;
                case SX_WIDTH64 -> value == 0 || value == 8 || value == 16 || value == 32;
                case SWAP_WIDTH -> value == 16 || value == 32 || value == 64;
                case ATOMIC_OP -> AtomicOp.ofImm(value) != null;
                case CALL_KIND -> value == 0 || value == Bpf.PSEUDO_CALL || value == Bpf.PSEUDO_KFUNC_CALL;
                case CALL_OFFSET -> value == 0 || i.src() == Bpf.PSEUDO_KFUNC_CALL;
                case LD_IMM64_SOURCE -> value >= 0 && value <= Bpf.PSEUDO_MAP_IDX_VALUE;
            };
        }
    }

    /** The four fields of an instruction slot. */
    public enum Field {
        DST("dst"), SRC("src"), OFF("off"), IMM("imm");

        private final String label;

        Field(String label) {
            this.label = label;
        }

        int of(RawInsn i) {
            return switch (this) {
                case DST -> i.dst();
                case SRC -> i.src();
                case OFF -> i.off();
                case IMM -> i.imm();
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The rules of one opcode byte: what its dst, src, off and imm fields may hold. */
    public record Form(int opcode, Use dst, Use src, Use off, Use imm) {
        Use use(Field f) {
            return switch (f) {
                case DST -> dst;
                case SRC -> src;
                case OFF -> off;
                case IMM -> imm;
            };
        }
    }

    /** A field that breaks its opcode's rule. */
    public record Violation(Field field, int value, Use rule) {
        /** For example {@code "src must be 0, not 3"}. */
        public String message() {
            return rule == Use.REG ? field + " register " + value + " is not r0-r10"
                    : field + " must be " + rule.allowed() + ", not " + value;
        }
    }

    private static final Form[] FORMS = new Form[256];

    static {
        int[] aluOps = {Bpf.ADD, Bpf.SUB, Bpf.MUL, Bpf.DIV, Bpf.OR, Bpf.AND, Bpf.LSH, Bpf.RSH, Bpf.MOD, Bpf.XOR,
            Bpf.MOV, Bpf.ARSH};
        for (int cls : new int[] {Bpf.ALU, Bpf.ALU64}) {
            for (int op : aluOps) {
                Use off = op == Bpf.DIV || op == Bpf.MOD ? Use.DIVISION : Use.ZERO;
                add(cls | op | Bpf.K, Use.REG, Use.ZERO, off, Use.ANY);
                Use offX = op != Bpf.MOV ? off : cls == Bpf.ALU64 ? Use.SX_WIDTH64 : Use.SX_WIDTH32;
                add(cls | op | Bpf.X, Use.REG, Use.REG, offX, Use.ZERO);
            }
            add(cls | Bpf.NEG, Use.REG, Use.ZERO, Use.ZERO, Use.ZERO);
            add(cls | Bpf.END | Bpf.TO_LE, Use.REG, Use.ZERO, Use.ZERO, Use.SWAP_WIDTH);
        }
        add(Bpf.ALU | Bpf.END | Bpf.TO_BE, Use.REG, Use.ZERO, Use.ZERO, Use.SWAP_WIDTH);

        int[] jumpOps = {Bpf.JEQ, Bpf.JGT, Bpf.JGE, Bpf.JSET, Bpf.JNE, Bpf.JSGT, Bpf.JSGE, Bpf.JLT, Bpf.JLE,
            Bpf.JSLT, Bpf.JSLE};
        for (int cls : new int[] {Bpf.JMP, Bpf.JMP32}) {
            for (int op : jumpOps) {
                add(cls | op | Bpf.K, Use.REG, Use.ZERO, Use.ANY, Use.ANY);
                add(cls | op | Bpf.X, Use.REG, Use.REG, Use.ANY, Use.ZERO);
            }
        }
        add(Bpf.JMP | Bpf.JA, Use.ZERO, Use.ZERO, Use.ANY, Use.ZERO);
        add(Bpf.JMP32 | Bpf.JA, Use.ZERO, Use.ZERO, Use.ZERO, Use.ANY);
        add(Bpf.JMP | Bpf.CALL, Use.ZERO, Use.CALL_KIND, Use.CALL_OFFSET, Use.ANY);
        add(Bpf.CALLX, Use.REG, Use.ZERO, Use.ZERO, Use.ZERO);
        add(Bpf.JMP | Bpf.EXIT, Use.ZERO, Use.ZERO, Use.ZERO, Use.ZERO);

        for (int size : new int[] {Bpf.B, Bpf.H, Bpf.W, Bpf.DW}) {
            add(Bpf.LDX | Bpf.MEM | size, Use.REG, Use.REG, Use.ANY, Use.ZERO);
            if (size != Bpf.DW) {
                add(Bpf.LDX | Bpf.MEMSX | size, Use.REG, Use.REG, Use.ANY, Use.ZERO);
                add(Bpf.LD | Bpf.ABS | size, Use.ZERO, Use.ZERO, Use.ZERO, Use.ANY);
                add(Bpf.LD | Bpf.IND | size, Use.ZERO, Use.REG, Use.ZERO, Use.ANY);
            }
            add(Bpf.ST | Bpf.MEM | size, Use.REG, Use.ZERO, Use.ANY, Use.ANY);
            add(Bpf.STX | Bpf.MEM | size, Use.REG, Use.REG, Use.ANY, Use.ZERO);
        }
        add(Bpf.STX | Bpf.ATOMIC | Bpf.W, Use.REG, Use.REG, Use.ANY, Use.ATOMIC_OP);
        add(Bpf.STX | Bpf.ATOMIC | Bpf.DW, Use.REG, Use.REG, Use.ANY, Use.ATOMIC_OP);
        add(Bpf.LD_IMM64, Use.REG, Use.LD_IMM64_SOURCE, Use.ZERO, Use.ANY);
    }

    private static void add(int opcode, Use dst, Use src, Use off, Use imm) {
        FORMS[opcode] = new Form(opcode, dst, src, off, imm);
    }

    /** The rules of {@code opcode}, or null when no instruction has that opcode byte. */
    public static Form form(int opcode) {
        return FORMS[opcode & 0xff];
    }

    /** Whether {@code opcode} is an instruction (of Linux or of RFC 9669). */
    public static boolean isOpcode(int opcode) {
        return form(opcode) != null;
    }

    /** Whether Linux loads {@code opcode} (the kernel's {@code bpf_opcode_in_insntable}): not {@code callx}. */
    public static boolean inLinuxTable(int opcode) {
        return isOpcode(opcode) && opcode != Bpf.CALLX;
    }

    /**
     * The first field of {@code i} (a slot with a known opcode) that breaks its rule, in the order dst,
     * src, off, imm; null when none does. {@code strict} applies every rule (the verifier's and the
     * decoder's), otherwise only those an engine needs to execute the slot ({@link Use#executable}).
     */
    public static Violation violation(RawInsn i, boolean strict) {
        return firstBroken(i, strict, true);
    }

    /**
     * Whether {@code i} (a slot with a known opcode) sets a field its opcode reserves or selects a variant
     * that does not exist: the kernel verifier's "uses reserved fields". Registers out of range are not
     * counted (the verifier reports them as {@code R11 is invalid}).
     */
    public static boolean usesReservedFields(RawInsn i) {
        return firstBroken(i, true, false) != null;
    }

    private static Violation firstBroken(RawInsn i, boolean strict, boolean registers) {
        Form f = form(i.opcode());
        if (f == null) {
            throw new IllegalArgumentException(String.format("unknown opcode 0x%02x", i.opcode()));
        }
        for (Field field : Field.values()) {
            Use rule = f.use(field);
            int value = field.of(i);
            boolean applies = (strict || rule.executable()) && (registers || rule != Use.REG);
            if (applies && !rule.allows(value, i)) {
                return new Violation(field, value, rule);
            }
        }
        return null;
    }

    /**
     * Why an engine cannot execute the slot {@code i}, or null when it can: an unknown opcode
     * ({@code invalid opcode 0xNN}) or a broken {@link Use#executable} rule. Reserved fields are not
     * looked at, as the kernel's interpreter does not look at them.
     */
    public static String notExecutable(RawInsn i) {
        if (!isOpcode(i.opcode())) {
            return String.format("invalid opcode 0x%02x", i.opcode());
        }
        Violation v = violation(i, false);
        return v == null ? null : v.message();
    }

    /** Whether {@code hi} is a valid second slot of an {@code ld_imm64}: only its imm may be set. */
    public static boolean isLdImm64SecondSlot(RawInsn hi) {
        return hi.opcode() == 0 && hi.dst() == 0 && hi.src() == 0 && hi.off() == 0;
    }
}
