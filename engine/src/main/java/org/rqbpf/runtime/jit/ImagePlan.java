package org.rqbpf.runtime.jit;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;

/**
 * What the JIT compiles from a linked program image: one JVM method per entry (slot 0 and every
 * BPF-to-BPF call target) holding the slots reachable from that entry without calls, the linked helper
 * and kfunc of each call and the value of each {@code ld_imm64}.
 *
 * <p>A method is built from reachability, not from the image's function table, so programs run without
 * the verifier (the conformance suite) compile as they execute. A reachable slot the interpreter would
 * fault on (unknown opcode or helper, bad register, jump out of the image or into an {@code ld_imm64},
 * falling off the end) makes the image not compilable: the loader then runs it on the interpreter, which
 * faults at exactly that slot with its own message. The checks mirror the interpreter's decoder; a
 * verified program never fails them.
 */
final class ImagePlan {
    private static final int REGS = 11;

    final ProgramImage image;
    final List<RawInsn> insns;
    /** Reachable slots by method entry, entry 0 first. */
    final TreeMap<Integer, BitSet> methods = new TreeMap<>();
    /** Slots some jump lands on. */
    final BitSet jumpTargets = new BitSet();
    /** Per slot: the linked function of a helper or kfunc call. */
    final NativeFunction[] callTargets;
    /** Per slot: the value of an {@code ld_imm64}. */
    final long[] ldImm;
    /** Whether some reachable instruction writes {@code r10} (only possible without the verifier). */
    boolean writesFramePointer;

    private final Linker linker;
    private String unsupported;

    private ImagePlan(ProgramImage image, Linker linker) {
        this.image = image;
        this.insns = image.insns();
        this.linker = linker;
        this.callTargets = new NativeFunction[insns.size()];
        this.ldImm = new long[insns.size()];
    }

    /** Plans {@code image}; check {@link #unsupported()} before compiling. */
    static ImagePlan of(ProgramImage image, Linker linker) {
        ImagePlan p = new ImagePlan(image, linker);
        ArrayDeque<Integer> entries = new ArrayDeque<>();
        entries.add(0);
        while (!entries.isEmpty() && p.unsupported == null) {
            int entry = entries.poll();
            if (!p.methods.containsKey(entry)) {
                p.methods.put(entry, p.reach(entry, entries));
            }
        }
        return p;
    }

    Linker linker() {
        return linker;
    }

    /** Null when the image compiles, else the first reachable slot's reason for not compiling. */
    String unsupported() {
        return unsupported;
    }

    private BitSet reach(int entry, ArrayDeque<Integer> entries) {
        BitSet seen = new BitSet();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(entry);
        while (!work.isEmpty()) {
            int pc = work.poll();
            if (seen.get(pc)) {
                continue;
            }
            if (pc >= insns.size()) {
                unsupported = "fell off the end of the program";
                return seen;
            }
            seen.set(pc);
            String bad = check(pc);
            if (bad != null) {
                unsupported = "insn " + pc + ": " + bad;
                return seen;
            }
            successors(pc, work, entries);
        }
        return seen;
    }

    private void successors(int pc, ArrayDeque<Integer> work, ArrayDeque<Integer> entries) {
        RawInsn i = insns.get(pc);
        int cls = i.cls();
        if (cls == Bpf.JMP || cls == Bpf.JMP32) {
            int op = Bpf.op(i.opcode());
            if (op == Bpf.EXIT) {
                return;
            }
            if (op == Bpf.CALL) {
                if (i.opcode() != Bpf.CALLX && i.src() == Bpf.PSEUDO_CALL) {
                    entries.add(pc + 1 + i.imm());
                }
                work.add(pc + 1);
                return;
            }
            int target = jumpTarget(pc, i);
            jumpTargets.set(target);
            work.add(target);
            if (op != Bpf.JA) {
                work.add(pc + 1);
            }
            return;
        }
        work.add(i.isLdImm64() ? pc + 2 : pc + 1);
    }

    /** Target slot of a jump ({@code gotol}, {@code JMP32|JA}, takes its offset from {@code imm}). */
    static int jumpTarget(int pc, RawInsn i) {
        boolean gotol = i.cls() == Bpf.JMP32 && Bpf.op(i.opcode()) == Bpf.JA;
        return pc + 1 + (gotol ? i.imm() : i.off());
    }

    private String check(int pc) {
        RawInsn i = insns.get(pc);
        String bad = switch (i.cls()) {
            case Bpf.ALU, Bpf.ALU64 -> alu(i);
            case Bpf.JMP, Bpf.JMP32 -> jmp(pc, i);
            case Bpf.LDX -> ldx(i);
            case Bpf.ST -> Bpf.mode(i.opcode()) == Bpf.MEM ? reg(i.dst()) : opcodeError(i);
            case Bpf.STX -> stx(i);
            default -> ld(pc, i);
        };
        if (bad == null && writesDst(i) && i.dst() == 10) {
            writesFramePointer = true;
        }
        if (bad == null && i.cls() == Bpf.STX && Bpf.mode(i.opcode()) == Bpf.ATOMIC
                && (i.imm() & Bpf.FETCH) != 0 && i.imm() != Bpf.CMPXCHG && i.src() == 10) {
            writesFramePointer = true;
        }
        return bad;
    }

    private static boolean writesDst(RawInsn i) {
        return i.cls() == Bpf.ALU || i.cls() == Bpf.ALU64 || i.cls() == Bpf.LDX || i.isLdImm64();
    }

    private static String reg(int r) {
        return r >= REGS ? "invalid register" : null;
    }

    private static String opcodeError(RawInsn i) {
        return String.format("invalid opcode 0x%02x", i.opcode());
    }

    private static String alu(RawInsn i) {
        int op = Bpf.op(i.opcode());
        boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
        boolean alu64 = i.cls() == Bpf.ALU64;
        if (i.dst() >= REGS || (x && op != Bpf.END && i.src() >= REGS)) {
            return "invalid register";
        }
        return switch (op) {
            case Bpf.DIV, Bpf.MOD -> i.off() == 0 || i.off() == 1 ? null : "invalid offset of a division";
            case Bpf.MOV -> !x || i.off() == 0 || i.off() == 8 || i.off() == 16 || (alu64 && i.off() == 32) ? null
                    : "invalid sign-extension width " + i.off();
            case Bpf.NEG -> x ? opcodeError(i) : null;
            case Bpf.END -> alu64 && x ? opcodeError(i)
                    : i.imm() == 16 || i.imm() == 32 || i.imm() == 64 ? null : "invalid byte swap width " + i.imm();
            case Bpf.ADD, Bpf.SUB, Bpf.MUL, Bpf.OR, Bpf.AND, Bpf.LSH, Bpf.RSH, Bpf.XOR, Bpf.ARSH -> null;
            default -> opcodeError(i);
        };
    }

    private String jmp(int pc, RawInsn i) {
        boolean jmp64 = i.cls() == Bpf.JMP;
        boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
        switch (Bpf.op(i.opcode())) {
            case Bpf.JA:
                return x ? opcodeError(i) : image.jumpTargetError(pc, jumpTarget(pc, i));
            case Bpf.CALL:
                return jmp64 ? call(pc, i) : opcodeError(i);
            case Bpf.EXIT:
                return !jmp64 || x ? opcodeError(i) : null;
            case Bpf.JEQ, Bpf.JNE, Bpf.JGT, Bpf.JGE, Bpf.JLT, Bpf.JLE, Bpf.JSET, Bpf.JSGT, Bpf.JSGE, Bpf.JSLT,
                    Bpf.JSLE:
                if (i.dst() >= REGS || (x && i.src() >= REGS)) {
                    return "invalid register";
                }
                return image.jumpTargetError(pc, jumpTarget(pc, i));
            default:
                return opcodeError(i);
        }
    }

    private String call(int pc, RawInsn i) {
        if (i.opcode() == Bpf.CALLX) {
            return reg(i.dst());
        }
        switch (i.src()) {
            case 0:
                callTargets[pc] = linker.helper(i.imm());
                return callTargets[pc] == null ? "unknown helper " + i.imm() : null;
            case Bpf.PSEUDO_CALL:
                return image.jumpTargetError(pc, pc + 1L + i.imm());
            case Bpf.PSEUDO_KFUNC_CALL:
                callTargets[pc] = linker.kfunc(i.imm());
                return callTargets[pc] == null ? "unknown kfunc " + i.imm() : null;
            default:
                return "invalid call src_reg " + i.src();
        }
    }

    private static String ldx(RawInsn i) {
        int mode = Bpf.mode(i.opcode());
        if ((mode == Bpf.MEMSX && Bpf.size(i.opcode()) == Bpf.DW) || (mode != Bpf.MEM && mode != Bpf.MEMSX)) {
            return opcodeError(i);
        }
        return i.src() >= REGS || i.dst() >= REGS ? "invalid register" : null;
    }

    private static String stx(RawInsn i) {
        if (i.src() >= REGS) {
            return "invalid register";
        }
        if (Bpf.mode(i.opcode()) == Bpf.ATOMIC) {
            int size = Bpf.size(i.opcode());
            if (size != Bpf.W && size != Bpf.DW) {
                return opcodeError(i);
            }
            int a = i.imm() & ~Bpf.FETCH;
            boolean alu = a == Bpf.ADD || a == Bpf.OR || a == Bpf.AND || a == Bpf.XOR;
            if (!alu && i.imm() != Bpf.XCHG && i.imm() != Bpf.CMPXCHG) {
                return String.format("invalid atomic operation 0x%x", i.imm());
            }
        } else if (Bpf.mode(i.opcode()) != Bpf.MEM) {
            return opcodeError(i);
        }
        return reg(i.dst());
    }

    private String ld(int pc, RawInsn i) {
        if (i.isLdImm64()) {
            return lddw(pc, i);
        }
        int mode = Bpf.mode(i.opcode());
        if ((mode == Bpf.ABS || mode == Bpf.IND) && Bpf.size(i.opcode()) != Bpf.DW) {
            return mode == Bpf.IND ? reg(i.src()) : null;
        }
        return opcodeError(i);
    }

    private String lddw(int pc, RawInsn i) {
        if (pc + 1 >= insns.size() || insns.get(pc + 1).opcode() != 0) {
            return "incomplete ldimm64";
        }
        if (i.dst() >= REGS) {
            return "invalid register";
        }
        RawInsn hi = insns.get(pc + 1);
        try {
            ldImm[pc] = linker.ldImm64(i, hi);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }
}
