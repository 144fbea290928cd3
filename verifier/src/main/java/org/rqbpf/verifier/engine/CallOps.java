package org.rqbpf.verifier.engine;

import org.rqbpf.isa.InsnTable;
import static org.rqbpf.isa.Bpf.*;

import java.util.function.Predicate;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.abi.RetType;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.log.StatePrinter;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Ref;
import org.rqbpf.verifier.state.RefKind;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/**
 * {@code call} and {@code exit}: the rule G1 for calls under a lock, helpers, the six lock/IRQ kfuncs
 * (with the fork of res-lock calls), static subprograms as new frames, global subprograms as calls
 * assumed valid (verified on their own), and the exit rules X1-X3 of main frames.
 */
final class CallOps {

    /** Where a path continues after a call or exit; {@link #END} when the path ends. */
    static final int END = -1;

    /** Receives the failure path of a res-lock call. */
    interface Fork {
        void push(VState st, int idx);
    }

    private CallOps() {}

    static int call(Env env, VState st, RawInsn in, int idx, Fork fork) throws VerifyError {
        int code = in.opcode();
        boolean kfunc = in.src() == PSEUDO_KFUNC_CALL;
        if (InsnTable.usesReservedFields(in)) {
            throw new VerifyError("BPF_CALL uses reserved fields");
        }
        Kfunc k = kfunc ? Kfunc.byId(in.imm()) : null;
        boolean allowedUnderLock = in.src() == 0 && in.imm() == Helper.SPIN_UNLOCK.id()
                || k != null && k.id() <= Kfunc.RES_SPIN_UNLOCK_IRQRESTORE.id();
        if (in.src() != PSEUDO_CALL && !allowedUnderLock && st.activeLocks() > 0) {
            throw new VerifyError("function calls are not allowed while holding a lock");
        }
        if (in.src() == PSEUDO_CALL) {
            return subprog(env, st, idx + in.imm() + 1, idx);
        }
        if (kfunc) {
            kfuncCall(env, st, k, in, idx, fork);
        } else {
            helperCall(env, st, in);
        }
        return idx + 1;
    }

    private static void kfuncCall(Env env, VState st, Kfunc k, RawInsn in, int idx, Fork fork) throws VerifyError {
        if (k == null) {
            throw new VerifyError("kernel btf_id " + in.imm() + " is not a function");
        }
        if (k == Kfunc.RES_SPIN_LOCK || k == Kfunc.RES_SPIN_LOCK_IRQSAVE) {
            fork.push(LockOps.failurePath(st), idx + 1);
        }
        LockOps.kfunc(env, st, k);
        Regs.clobberCallerSaved(st);
        st.setReg(0, k.returnsInt() ? Reg.constant(0) : Reg.notInit());
    }

    private static void helperCall(Env env, VState st, RawInsn in) throws VerifyError {
        String name = HelperNames.of(in.imm());
        if (name == null) {
            throw new VerifyError("invalid func unknown#" + in.imm());
        }
        Helper h = Helper.byId(in.imm());
        if (h == null || !h.allowedIn(env.prog.type(), env.options.privileged())) {
            throw new VerifyError("program of this type cannot use helper " + name + "#" + in.imm()
                    + (h == null ? "\n(rqbpf does not implement " + name + ")" : ""));
        }
        HelperArgs.Meta meta = HelperArgs.check(env, st, h);
        MapDef map = meta.map;
        if (map != null) {
            env.recordCallMap(map);
        }
        boolean neverNull = h == Helper.MAP_LOOKUP_ELEM && lookupCannotFail(env, st, map);
        if (meta.release != 0) {
            releaseReference(env, st, meta.release);
        }
        Regs.clobberCallerSaved(st);
        if (h.changesPacketData()) {
            invalidatePacketPointers(env, st);
        }
        if (h.ret() == RetType.VOID) {
            st.setReg(0, Reg.notInit());
        } else if (neverNull) {
            Reg r = Reg.pointer(RegType.PTR_TO_MAP_VALUE, 0);
            r.map = map;
            if (!map.lockFields().isEmpty()) {
                r.id = env.newId(); // each lookup's lock is told apart by the id, as in check_helper_call
            }
            st.setReg(0, r);
        } else if (h.ret() == RetType.PTR_TO_MAP_VALUE_OR_NULL) {
            Reg r = Reg.pointer(RegType.PTR_TO_MAP_VALUE_OR_NULL, 0);
            r.map = map;
            r.id = env.newId();
            st.setReg(0, r);
        } else if (socketType(h.ret()) != null) {
            Reg r = Reg.pointer(socketType(h.ret()), 0);
            r.id = env.newId();
            if (h.castsPointer()) {
                r.refObjId = meta.refObjId;
            } else if (h.acquires()) {
                // acquire_reference draws its own id after the NULL-check id, and both become it.
                r.id = env.newId();
                st.refs.add(new Ref(RefKind.PTR, r.id, null, null, env.insnIdx));
                r.refObjId = r.id;
            }
            st.setReg(0, r);
        } else if (returnsStringLength(h)) {
            // do_refine_retval_range: at most the buffer's size, or a negative errno.
            st.setReg(0, Reg.scalar(Scalar.signedRange(-MAX_ERRNO, meta.sizeMax, -MAX_ERRNO, (int) meta.sizeMax)));
        } else {
            st.setReg(0, Reg.unknownScalar());
        }
    }

    private static final int MAX_ERRNO = 4095;

    private static RegType socketType(RetType ret) {
        return switch (ret) {
            case PTR_TO_SOCKET_OR_NULL -> RegType.PTR_TO_SOCKET_OR_NULL;
            case PTR_TO_SOCK_COMMON_OR_NULL -> RegType.PTR_TO_SOCK_COMMON_OR_NULL;
            case PTR_TO_TCP_SOCK_OR_NULL -> RegType.PTR_TO_TCP_SOCK_OR_NULL;
            default -> null;
        };
    }

    /**
     * The kernel's {@code release_reference}: the reference is gone, and so is every pointer derived from
     * it (unknown scalars for privileged loads, unreadable otherwise).
     */
    private static void releaseReference(Env env, VState st, int id) {
        st.refs.removeIf(r -> r.kind() == RefKind.PTR && r.id() == id);
        invalidate(env, st, r -> r.refObjId == id);
    }

    private static boolean returnsStringLength(Helper h) {
        return h == Helper.PROBE_READ_STR || h == Helper.PROBE_READ_KERNEL_STR || h == Helper.PROBE_READ_USER_STR;
    }

    /**
     * The kernel's {@code clear_all_pkt_pointers} after a helper that may move the packet: every packet
     * pointer, in registers and spilled, becomes an unknown scalar (unreadable for unprivileged loads).
     */
    private static void invalidatePacketPointers(Env env, VState st) {
        invalidate(env, st, CallOps::isPacketAny);
    }

    /**
     * The kernel's {@code mark_reg_invalid} on every register and spilled slot {@code gone} selects: an
     * unknown scalar for privileged loads; an unreadable register (a spill: an unknown scalar) otherwise.
     */
    private static void invalidate(Env env, VState st, Predicate<Reg> gone) {
        boolean priv = env.options.privileged();
        for (Frame f : st.frames) {
            for (int r = 0; r < f.regs.length; r++) {
                if (gone.test(f.regs[r])) {
                    f.regs[r] = priv ? Reg.unknownScalar() : Reg.notInit();
                }
            }
            for (int spi = 0; spi < f.stack.length; spi++) {
                var s = f.stack[spi];
                if (s != null && s.isSpill() && gone.test(s.spilled)) {
                    var c = s.copy();
                    c.spilled = Reg.unknownScalar();
                    f.stack[spi] = c;
                }
            }
        }
    }

    private static boolean isPacketAny(Reg r) {
        return r.type.isPacket() || r.type == RegType.PTR_TO_PACKET_END;
    }

    /**
     * Linux 6.18 elides the NULL of an array-map lookup whose key is a constant the verifier knows and
     * within {@code max_entries} ({@code can_elide_value_nullness}; privileged loads only, as
     * {@code get_constant_map_key} needs {@code bpf_capable}).
     */
    private static boolean lookupCannotFail(Env env, VState st, MapDef map) {
        if (!env.options.privileged() || map == null || !map.type().isArray()) {
            return false;
        }
        Long key = StackAccess.constantKey(st, st.reg(2), map.keySize());
        return key != null && key >= 0 && key < map.maxEntries();
    }

    private static int subprog(Env env, VState st, int target, int idx) throws VerifyError {
        int func = env.cfg.functionAt(target);
        FunctionInfo fi = env.prog.functions().get(func);
        if (fi.kind() == FunctionInfo.Kind.GLOBAL) {
            return globalCall(env, st, func, fi, idx);
        }
        if (st.frames.length >= InsnTable.MAX_CALL_FRAMES) {
            throw new VerifyError("the call stack of " + (st.frames.length + 1) + " frames is too deep !");
        }
        if (env.log.level2()) {
            env.log.print("caller:\n" + StatePrinter.full(st).substring(1) + "\n");
        }
        Frame callee = new Frame(st.frames.length, idx, target);
        Regs.initFrame(callee);
        for (int r = 1; r <= 5; r++) {
            callee.regs[r] = st.reg(r);
        }
        st.pushFrame(callee);
        if (env.log.level2()) {
            env.log.print("callee:\n" + StatePrinter.full(st).substring(1) + "\n");
        }
        return target;
    }

    private static int globalCall(Env env, VState st, int func, FunctionInfo fi, int idx) throws VerifyError {
        if (st.activeLocks() > 0) {
            throw new VerifyError("global function calls are not allowed while holding a lock,\n"
                    + "use static function instead");
        }
        int live = env.liveness.liveIn(fi.start());
        for (int r = 1; r <= 5; r++) {
            if ((live & (1 << r)) == 0) {
                continue;
            }
            Reg reg = st.reg(r);
            if (reg.type == RegType.NOT_INIT) {
                throw VerifyError.eacces("R" + r + " !read_ok");
            }
            if (!reg.isScalar()) {
                throw new VerifyError("R" + r + " is not a scalar\nCaller passes invalid args into func#" + func
                        + " ('" + fi.name() + "')");
            }
        }
        if (env.log.on()) {
            env.log.print("Func#" + func + " ('" + fi.name() + "') is global and assumed valid.\n");
        }
        env.globalsCalled.add(func);
        Regs.clobberCallerSaved(st);
        st.setReg(0, Reg.unknownScalar());
        return idx + 1;
    }

    /** Returns from the current static subprogram with its r0 ({@code prepare_func_exit}); the caller's next index. */
    static int returnToCaller(Env env, VState st) throws VerifyError {
        Frame callee = st.cur();
        Reg r0 = callee.regs[0];
        if (r0.type == RegType.PTR_TO_STACK && r0.frameno == callee.frameno) {
            throw new VerifyError("cannot return stack pointer to the caller");
        }
        if (env.log.level2()) {
            env.log.print("returning from callee:\n" + StatePrinter.full(st).substring(1) + "\n");
        }
        st.popFrame();
        Regs.clobberCallerSaved(st);
        st.setReg(0, r0);
        if (env.log.level2()) {
            env.log.print("to caller at " + (callee.callsite + 1) + ":\n" + StatePrinter.full(st).substring(1) + "\n");
        }
        return callee.callsite + 1;
    }

    /** {@code exit}: returns to the caller of a static subprog, or checks the main frame's exit rules. */
    static int exit(Env env, VState st, RawInsn in, boolean globalMain) throws VerifyError {
        if (InsnTable.usesReservedFields(in)) {
            throw new VerifyError("BPF_EXIT uses reserved fields");
        }
        if (st.curframe() > 0) {
            return returnToCaller(env, st);
        }
        ExitRules.checkMainExit(st);
        Reg r0 = Regs.read(st, 0);
        if (globalMain) {
            if (!r0.isScalar()) {
                throw new VerifyError("At subprogram exit the register R0 is not a scalar value (" + r0.type.spelling() + ")");
            }
        }
        return END;
    }
}
