package org.rqbpf.verifier.engine;

import org.rqbpf.isa.InsnTable;
import static org.rqbpf.isa.Bpf.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.log.InsnPrinter;
import org.rqbpf.verifier.log.StatePrinter;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * Depth-first path exploration (verifier-rules.md §4.6, the kernel's {@code do_check}): follows one path,
 * saving the other successor of each undecided conditional jump and the failure path of each res-lock
 * call, and resumes saved paths last-saved-first. Prune points consult the {@link Pruner}. At log level 1
 * the log of each finished path is dropped, leaving the path that failed.
 */
public final class Explorer {
    private record Pending(VState state, int idx, int from, Checkpoint parent, int logMark) {}

    private final Env env;
    private final Pruner pruner;
    private final ArrayDeque<Pending> stack = new ArrayDeque<>();
    private final List<Pending> pushedThisInsn = new ArrayList<>(2);
    private int jumps;

    public Explorer(Env env) {
        this.env = env;
        this.pruner = new Pruner(env.insns.size());
    }

    /** The initial state of a main frame: the program (R1 = ctx) or a global subprog (R1-R5 scalars). */
    public static VState initialState(int funcStart, boolean global) {
        Frame f = new Frame(0, -1, funcStart);
        Regs.initFrame(f);
        if (global) {
            for (int r = 1; r <= 5; r++) {
                f.regs[r] = Reg.unknownScalar();
            }
        } else {
            f.regs[1] = Reg.pointer(RegType.PTR_TO_CTX, 0);
        }
        return new VState(new Frame[] {f}, new ArrayList<>());
    }

    /** Explores every path from {@code start}; returns normally when all are safe. */
    public void explore(int start, VState init, boolean globalMain) throws VerifyError {
        VState st = init;
        int idx = start;
        Checkpoint parent = null;
        env.sourceLines.reset();
        if (env.log.on()) {
            env.log.print(start + ":" + StatePrinter.full(st) + "\n");
        }
        int poppedFrom = -1; // the branch a popped path was pushed at, until its first instruction is logged
        while (true) {
            env.insnIdx = idx;
            if (++env.processed > env.options.insnLimit()) {
                throw new VerifyError(Errno.E2BIG, "BPF program is too large. Processed " + env.processed + " insn");
            }
            boolean ended = false;
            if (env.cfg.prunePoint[idx]) {
                Checkpoint cp = pruner.visit(env, idx, st, parent, jumps);
                if (cp == Pruner.PRUNED) {
                    if (env.log.on()) {
                        env.log.print(poppedFrom >= 0 ? "\nfrom " + poppedFrom + " to " + idx + ": safe\n"
                                : idx + ": safe\n");
                    }
                    ended = true;
                } else {
                    parent = cp;
                }
            }
            if (!ended && poppedFrom >= 0 && env.log.on()) {
                logPoppedState(st, poppedFrom, idx);
            }
            poppedFrom = -1;
            int next = CallOps.END;
            if (!ended) {
                if (env.probe != null) {
                    env.probe.before(idx, st);
                }
                next = step(st, idx, parent, globalMain);
                ended = next == CallOps.END;
            }
            if (!ended) {
                idx = next;
                continue;
            }
            pruner.pathDone(parent);
            Pending p = stack.poll();
            if (p == null) {
                return;
            }
            if (!env.log.level2()) {
                env.log.reset(p.logMark);
            }
            st = p.state;
            idx = p.idx;
            parent = p.parent;
            poppedFrom = p.from;
        }
    }

    /**
     * The first lines of a popped path, as do_check prints them: at level 2 {@code from F to I:} and the
     * state after an empty line; then, at every level, the whole state (all of it is scratched after
     * {@code pop_stack}) as {@code I: ...}. At level 1 the log was cut back to where the branch was
     * pushed, just after the branch instruction's text, so this line continues that one.
     */
    private void logPoppedState(VState st, int from, int idx) {
        String state = StatePrinter.full(st);
        if (env.log.level2()) {
            env.log.print("\nfrom " + from + " to " + idx + ":" + state + "\n");
        }
        env.log.print(idx + ":" + state + "\n");
    }

    /** Executes instruction {@code idx} on {@code st}; returns the next index, or {@link CallOps#END}. */
    private int step(VState st, int idx, Checkpoint parent, boolean globalMain) throws VerifyError {
        RawInsn in = env.insn(idx);
        Reg[] before = null;
        StackSlot[] stackBefore = null;
        int refsBefore = st.refs.size();
        Frame frameBefore = st.cur();
        if (env.log.on()) {
            String line = env.sourceLines.before(idx);
            if (line != null) {
                env.log.print(line);
            }
            env.log.insn(idx, InsnPrinter.print(env.insns, idx));
            before = frameBefore.regs.clone();
            stackBefore = frameBefore.stack.clone();
        }
        int next = execute(st, in, idx, parent, globalMain);
        // push_stack saves the log position while the instruction runs: after its text, before its comment.
        int logMark = env.log.mark();
        if (env.log.on()) {
            logChanges(st, in, before, stackBefore, frameBefore, refsBefore);
        }
        for (Pending p : pushedThisInsn) {
            stack.push(new Pending(p.state, p.idx, p.from, p.parent, logMark));
        }
        pushedThisInsn.clear();
        return next;
    }

    private int execute(VState st, RawInsn in, int idx, Checkpoint parent, boolean globalMain) throws VerifyError {
        int code = in.opcode();
        switch (cls(code)) {
            case ALU, ALU64 -> AluOps.exec(env, st, in);
            case LDX -> MemOps.load(env, st, in);
            case ST, STX -> MemOps.store(env, st, in);
            case LD -> {
                if (mode(code) == ABS || mode(code) == IND) {
                    return ldAbs(st, in, idx, parent);
                }
                ldImm64(st, in, env.insn(idx + 1));
                return idx + 2;
            }
            default -> {
                return jump(st, in, idx, parent, globalMain);
            }
        }
        return idx + 1;
    }

    private int jump(VState st, RawInsn in, int idx, Checkpoint parent, boolean globalMain) throws VerifyError {
        int code = in.opcode();
        int op = op(code);
        if (op == CALL) {
            jumps++;
            return CallOps.call(env, st, in, idx, (s, target) -> save(s, target, idx, parent));
        }
        if (op == EXIT) {
            jumps++;
            return CallOps.exit(env, st, in, globalMain);
        }
        jumps++;
        int target = org.rqbpf.verifier.check.Cfg.jumpTarget(in, idx);
        if (op == JA) {
            if (InsnTable.usesReservedFields(in)) {
                throw new VerifyError("BPF_JA uses reserved fields");
            }
            return target;
        }
        JumpOps.Successors s = JumpOps.cond(env, st, in);
        if (s.fallThrough() != null && s.target() != null) {
            save(s.target(), target, idx, parent);
            return idx + 1;
        }
        return s.target() != null ? target : idx + 1;
    }

    private void save(VState st, int target, int from, Checkpoint parent) {
        Pruner.branchAdded(parent);
        pushedThisInsn.add(new Pending(st, target, from, parent, 0));
    }

    /**
     * The legacy packet loads {@code r0 = *(u8|u16|u32 *)skb[imm]} and {@code skb[src + imm]} (the kernel's
     * {@code check_ld_abs}): socket filters and tc only, with the skb in r6; they clobber r1-r5 and leave an
     * unknown r0. A failed load ends the program with r0 = 0, so in a subprogram the verifier also follows
     * an immediate return to the caller with r0 = 0.
     */
    private int ldAbs(VState st, RawInsn in, int idx, Checkpoint parent) throws VerifyError {
        ProgramType type = env.prog.type();
        if (type != ProgramType.SOCKET_FILTER && type != ProgramType.SCHED_CLS) {
            throw new VerifyError("BPF_LD_[ABS|IND] instructions not allowed for this program type");
        }
        if (InsnTable.usesReservedFields(in)) {
            throw new VerifyError("BPF_LD_[ABS|IND] uses reserved fields");
        }
        Regs.read(st, 6);
        String leaks = ExitRules.unreleased(st);
        if (!leaks.isEmpty()) {
            throw new VerifyError(leaks + "BPF_LD_[ABS|IND] cannot be mixed with socket references");
        }
        if (st.activeLocks() > 0) {
            throw new VerifyError("BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region");
        }
        Reg skb = st.reg(6);
        if (skb.type != RegType.PTR_TO_CTX) {
            throw new VerifyError("at the time of BPF_LD_ABS|IND R6 != pointer to skb");
        }
        if (mode(in.opcode()) == IND) {
            Regs.read(st, in.src());
        }
        MemAccess.checkCtxOffset(skb, 6);
        Regs.clobberCallerSaved(st);
        st.setReg(0, Reg.unknownScalar());
        if (st.curframe() > 0) {
            VState failed = st.copy();
            failed.setReg(0, Reg.constant(0));
            save(failed, CallOps.returnToCaller(env, failed), idx, parent);
        }
        return idx + 1;
    }

    private void ldImm64(VState st, RawInsn lo, RawInsn hi) throws VerifyError {
        Regs.checkWritable(lo.dst());
        Reg r;
        switch (lo.src()) {
            case PSEUDO_MAP_IDX -> {
                r = Reg.pointer(RegType.CONST_PTR_TO_MAP, 0);
                r.map = env.file.maps().get(lo.imm());
            }
            case PSEUDO_MAP_IDX_VALUE -> {
                r = Reg.pointer(RegType.PTR_TO_MAP_VALUE, hi.imm());
                r.map = env.file.maps().get(lo.imm());
            }
            default -> r = Reg.constant(((long) hi.imm() << 32) | (lo.imm() & 0xffffffffL));
        }
        st.setReg(lo.dst(), r);
    }

    /**
     * The state after an instruction, as Linux 6.18 prints it: the registers the instruction read or wrote
     * ({@code mark_reg_scratched}) and the stack slot it accessed, with their values now.
     */
    private void logChanges(VState st, RawInsn in, Reg[] before, StackSlot[] stackBefore, Frame frameBefore,
            int refsBefore) {
        if (st.cur() != frameBefore) {
            return;
        }
        Frame f = st.cur();
        int mask = 0;
        int touched = scratched(in);
        for (int r = 0; r < f.regs.length; r++) {
            if (f.regs[r].type != RegType.NOT_INIT && ((touched & (1 << r)) != 0 || cls(in.opcode()) == JMP
                    && op(in.opcode()) == CALL && f.regs[r] != before[r])) {
                mask |= 1 << r;
            }
        }
        int spi = accessedSlot(in, before, f);
        if (spi < 0 && (cls(in.opcode()) == ST || cls(in.opcode()) == STX)) {
            for (int i = 0; i < f.stack.length; i++) {
                if (i >= stackBefore.length || f.stack[i] != stackBefore[i]) {
                    spi = i;
                    break;
                }
            }
        }
        boolean refs = st.refs.size() != refsBefore;
        env.log.insnState(StatePrinter.changed(st, mask, spi, refs));
    }

    /** The registers an instruction reads or writes (calls: r0; the arguments end unreadable). */
    private static int scratched(RawInsn in) {
        int code = in.opcode();
        int d = 1 << in.dst(), s = 1 << in.src();
        return switch (cls(code)) {
            case ALU, ALU64 -> d | (srcBit(code) == X && op(code) != END && op(code) != NEG ? s : 0);
            case LDX, STX -> d | s | (mode(code) == ATOMIC && in.imm() == CMPXCHG ? 1 : 0);
            case ST -> d;
            case LD -> mode(code) == ABS ? 1 | 1 << 6 : mode(code) == IND ? 1 | 1 << 6 | s : d;
            default -> op(code) == CALL ? 1 : op(code) == EXIT || op(code) == JA ? 0
                    : d | (srcBit(code) == X ? s : 0);
        };
    }

    /** The stack slot a load or store at a constant stack offset accessed, or -1. */
    private static int accessedSlot(RawInsn in, Reg[] before, Frame f) {
        int code = in.opcode();
        int ptrReg = switch (cls(code)) {
            case LDX -> in.src();
            case ST, STX -> in.dst();
            default -> -1;
        };
        if (ptrReg < 0) {
            return -1;
        }
        Reg p = before[ptrReg];
        if (p.type != RegType.PTR_TO_STACK || !p.var.isConst() || p.frameno != f.frameno) {
            return -1;
        }
        long off = p.off + p.var.constValue() + in.off();
        return off < 0 && off >= -InsnTable.STACK_SIZE ? (int) ((-off - 1) / 8) : -1;
    }
}
