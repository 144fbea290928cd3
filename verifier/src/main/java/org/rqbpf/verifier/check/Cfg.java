package org.rqbpf.verifier.check;

import static org.rqbpf.isa.Bpf.*;

import java.util.ArrayDeque;
import java.util.List;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.verifier.VerifyError;

/**
 * The control-flow checks that come before path exploration (the kernel's {@code check_subprogs} and
 * {@code check_cfg}): jumps stay inside their function and land on instructions (not inside an
 * {@code ll} pair), calls reach function entries, every function ends in {@code exit} or {@code goto},
 * and every instruction is reachable. Also records the prune points: jump targets, the fall-through of
 * conditional jumps and the instruction after each call.
 */
public final class Cfg {
    public final List<RawInsn> insns;
    public final List<FunctionInfo> functions;
    /** Function index of each instruction slot. */
    public final int[] funcOf;
    public final boolean[] prunePoint;
    /** Targets of forward jumps only: join points, where a checkpoint is always stored. */
    public final boolean[] joinPoint;
    private final boolean[] loopHead;
    /** True for the second slot of an {@code ll} pair. */
    public final boolean[] ldHigh;

    private Cfg(BpfProgram prog) {
        this.insns = prog.insns();
        this.functions = prog.functions();
        int n = insns.size();
        funcOf = new int[n];
        prunePoint = new boolean[n];
        joinPoint = new boolean[n];
        loopHead = new boolean[n];
        ldHigh = new boolean[n];
        for (int f = 0; f < functions.size(); f++) {
            for (int i = functions.get(f).start(); i < functions.get(f).end() && i < n; i++) {
                funcOf[i] = f;
            }
        }
        for (int i = 0; i < n; i++) {
            if (insns.get(i).isLdImm64()) {
                ldHigh[++i] = true;
            }
        }
    }

    /**
     * The kernel's {@code add_subprog_and_kfunc} and {@code check_subprogs}: call destinations, jumps
     * within their function, each function ending in an exit or a jump. These run before the load pass
     * ({@link LoadChecks}); {@link #checkFlow} follows it.
     */
    public static Cfg subprogs(BpfProgram prog) throws VerifyError {
        Cfg cfg = new Cfg(prog);
        cfg.checkJumps();
        return cfg;
    }

    /** The target of a jump (conditional, {@code goto} or {@code gotol}). */
    public static int jumpTarget(RawInsn in, int idx) {
        if (cls(in.opcode()) == JMP32 && op(in.opcode()) == JA) {
            return idx + in.imm() + 1;
        }
        return idx + in.off() + 1;
    }

    public static boolean isJump(RawInsn in) {
        int c = cls(in.opcode());
        return (c == JMP || c == JMP32) && op(in.opcode()) != CALL && op(in.opcode()) != EXIT;
    }

    public static boolean isCall(RawInsn in) {
        return cls(in.opcode()) == JMP && op(in.opcode()) == CALL;
    }

    public static boolean isExit(RawInsn in) {
        return cls(in.opcode()) == JMP && op(in.opcode()) == EXIT;
    }

    /** The function index whose entry is {@code target}, or -1. */
    public int functionAt(int target) {
        for (int f = 0; f < functions.size(); f++) {
            if (functions.get(f).start() == target) {
                return f;
            }
        }
        return -1;
    }

    private void checkJumps() throws VerifyError {
        int n = insns.size();
        for (int i = 0; i < n; i++) {
            if (ldHigh[i]) {
                continue;
            }
            RawInsn in = insns.get(i);
            FunctionInfo f = functions.get(funcOf[i]);
            if (isJump(in)) {
                int t = jumpTarget(in, i);
                if (t < f.start() || t >= f.end()) {
                    throw new VerifyError("jump out of range from insn " + i + " to " + t);
                }
                prunePoint[t] = true;
                if (t <= i) {
                    loopHead[t] = true;
                }
                joinPoint[t] = true;
                if (op(in.opcode()) != JA) {
                    prunePoint[i] = true; // visit_insn: a conditional jump is itself a prune point
                }
            } else if (isCall(in)) {
                if (in.src() == PSEUDO_CALL) {
                    int t = i + in.imm() + 1;
                    if (t < 0 || t >= n || functionAt(t) < 0) {
                        throw new VerifyError("call to invalid destination");
                    }
                }
                if (i + 1 < n) {
                    prunePoint[i + 1] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            joinPoint[i] &= !loopHead[i];
        }
        for (FunctionInfo f : functions) {
            int last = f.end() - 1;
            if (last < f.start()) {
                throw new VerifyError("last insn is not an exit or jmp");
            }
            RawInsn in = insns.get(ldHigh[last] ? last - 1 : last);
            boolean ok = isExit(in) || isJump(in) && op(in.opcode()) == JA;
            if (!ok || ldHigh[last]) {
                throw new VerifyError("last insn is not an exit or jmp");
            }
        }
    }

    /** The kernel's {@code check_cfg}: every instruction reachable, no jump into an {@code ld_imm64}. */
    public void checkFlow() throws VerifyError {
        int n = insns.size();
        boolean[] seen = new boolean[n];
        boolean[] jumpedInto = new boolean[n]; // second halves of ld_imm64 some path jumps to
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.push(0);
        seen[0] = true;
        while (!work.isEmpty()) {
            int i = work.pop();
            RawInsn in = insns.get(i);
            int next = in.isLdImm64() ? i + 2 : i + 1;
            if (in.isLdImm64()) {
                seen[i + 1] = true;
            }
            if (isExit(in)) {
                continue;
            }
            if (isJump(in)) {
                visit(seen, jumpedInto, work, jumpTarget(in, i));
                if (op(in.opcode()) == JA) {
                    continue;
                }
            } else if (isCall(in) && in.src() == PSEUDO_CALL) {
                visit(seen, jumpedInto, work, i + in.imm() + 1);
            }
            if (next < n) {
                visit(seen, jumpedInto, work, next);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                throw new VerifyError("unreachable insn " + i);
            }
            if (insns.get(i).isLdImm64()) {
                if (jumpedInto[i + 1]) {
                    throw new VerifyError("jump into the middle of ldimm64 insn " + i);
                }
                i++;
            }
        }
    }

    private void visit(boolean[] seen, boolean[] jumpedInto, ArrayDeque<Integer> work, int t) {
        jumpedInto[t] |= ldHigh[t];
        if (!seen[t]) {
            seen[t] = true;
            work.push(t);
        }
    }
}
