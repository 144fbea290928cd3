package org.rqbpf.runtime.jit;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.InsnTable;
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
 * faults at exactly that slot with its own message. The checks are the interpreter decoder's
 * ({@link InsnTable#notExecutable}, then the links); a verified program never fails them.
 */
final class ImagePlan {
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
        String bad = InsnTable.notExecutable(i);
        if (bad == null) {
            bad = switch (i.cls()) {
                case Bpf.JMP, Bpf.JMP32 -> jmp(pc, i);
                case Bpf.LD -> i.isLdImm64() ? lddw(pc, i) : null;
                default -> null;
            };
        }
        if (bad == null && writesDst(i) && i.dst() == InsnTable.FRAME_POINTER) {
            writesFramePointer = true;
        }
        if (bad == null && i.cls() == Bpf.STX && Bpf.mode(i.opcode()) == Bpf.ATOMIC
                && (i.imm() & Bpf.FETCH) != 0 && i.imm() != Bpf.CMPXCHG && i.src() == InsnTable.FRAME_POINTER) {
            writesFramePointer = true;
        }
        return bad;
    }

    private static boolean writesDst(RawInsn i) {
        return i.cls() == Bpf.ALU || i.cls() == Bpf.ALU64 || i.cls() == Bpf.LDX || i.isLdImm64();
    }

    private String jmp(int pc, RawInsn i) {
        return switch (Bpf.op(i.opcode())) {
            case Bpf.CALL -> call(pc, i);
            case Bpf.EXIT -> null;
            default -> image.jumpTargetError(pc, jumpTarget(pc, i));
        };
    }

    private String call(int pc, RawInsn i) {
        if (i.opcode() == Bpf.CALLX) {
            return null;
        }
        switch (i.src()) {
            case 0:
                callTargets[pc] = image.helperAt(pc, linker);
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

    private String lddw(int pc, RawInsn i) {
        if (pc + 1 >= insns.size() || insns.get(pc + 1).opcode() != 0) {
            return "incomplete ldimm64";
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
