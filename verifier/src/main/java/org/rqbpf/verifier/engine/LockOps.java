package org.rqbpf.verifier.engine;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.program.LockField;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.IrqClass;
import org.rqbpf.verifier.state.Ref;
import org.rqbpf.verifier.state.RefKind;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.SlotType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * The lock, IRQ-flag and reference rules of verifier-rules.md §4-§5 (rules L0-L21), in the order of §6:
 * the lock argument (L0 → L1 → L2 → L3 → L4 → L5 → L6 / L9 → L10 → L11) before the flag argument
 * (L0 → L17 → L17v/L17a → L18 / L19 → L21 → L20).
 */
final class LockOps {
    /**
     * The r0 of the failure path of a res-lock call: an {@code int} errno in [-4095, -1]; its upper 32
     * bits are unknown, as Linux marks them ({@code __mark_reg_s32_range} on an unknown register).
     */
    static final int MAX_ERRNO = 4095;

    private LockOps() {}

    /** The state of the failure path saved at a {@code bpf_res_spin_lock*} call (§4.3). */
    static VState failurePath(VState st) {
        VState fail = st.copy();
        Regs.clobberCallerSaved(fail);
        Scalar errno = Scalar.unknown();
        errno.s32min = -MAX_ERRNO;
        errno.s32max = -1;
        errno.u32min = -MAX_ERRNO;
        errno.u32max = -1;
        errno.sync();
        fail.setReg(0, Reg.scalar(errno));
        return fail;
    }

    /** The success path of the six kfuncs: arguments, then the references and slots. */
    static void kfunc(Env env, VState st, Kfunc k) throws VerifyError {
        switch (k) {
            case RES_SPIN_LOCK -> lock(env, st, 1, 0, RefKind.RES_LOCK, false);
            case RES_SPIN_LOCK_IRQSAVE -> {
                lock(env, st, 1, 0, RefKind.RES_LOCK_IRQ, false);
                saveFlag(env, st, 2, 1, IrqClass.LOCK);
            }
            case RES_SPIN_UNLOCK -> unlock(env, st, 1, 0, RefKind.RES_LOCK, false);
            case RES_SPIN_UNLOCK_IRQRESTORE -> {
                unlock(env, st, 1, 0, RefKind.RES_LOCK_IRQ, false);
                restoreFlag(env, st, 2, 1, IrqClass.LOCK);
            }
            case LOCAL_IRQ_SAVE -> saveFlag(env, st, 1, 0, IrqClass.NATIVE);
            case LOCAL_IRQ_RESTORE -> restoreFlag(env, st, 1, 0, IrqClass.NATIVE);
        }
    }

    /** {@code bpf_spin_lock} / {@code bpf_spin_unlock} (helpers 93/94). */
    static void spinHelper(Env env, VState st, boolean lock) throws VerifyError {
        if (lock) {
            lock(env, st, 1, 0, RefKind.LOCK, true);
        } else {
            unlock(env, st, 1, 0, RefKind.LOCK, true);
        }
    }

    private record Target(int id, MapDef map) {}

    private static String prefix(boolean helper) {
        return helper ? "bpf_spin" : "bpf_res_spin";
    }

    /** L0-L5: the lock a pointer argument names. */
    private static Target target(VState st, int regno, int argNo, boolean helper) throws VerifyError {
        Reg reg = helper ? Regs.read(st, regno) : st.reg(regno);
        String k = prefix(helper);
        LockKind kind = helper ? LockKind.SPIN_LOCK : LockKind.RES_SPIN_LOCK;
        if (!helper && (reg.mayBeNull() || reg.isNull())) {
            throw VerifyError.eacces("Possibly NULL pointer passed to trusted arg" + argNo);
        }
        if (reg.type != RegType.PTR_TO_MAP_VALUE) {
            if (helper) {
                throw VerifyError.eacces("R" + regno + " type=" + reg.type.spelling() + " expected=map_value, alloc_ptr_");
            }
            throw new VerifyError("arg#" + argNo + " doesn't point to map value or allocated object");
        }
        if (!reg.var.isConst()) {
            throw new VerifyError("R" + regno + " doesn't have constant offset. " + k + "_lock has to be at the constant offset");
        }
        MapDef map = reg.map;
        if (!map.hasBtf()) {
            throw new VerifyError("map '" + map.name() + "' has to have BTF in order to use " + k + "_lock");
        }
        LockField field = map.lockField(kind);
        if (field == null) {
            throw new VerifyError("map '" + map.name() + "' has no valid " + k + "_lock");
        }
        long val = reg.off + reg.var.constValue();
        if (val != field.offset()) {
            throw new VerifyError("off " + val + " doesn't point to 'struct " + kind.typeName() + "' that is at "
                    + field.offset());
        }
        return new Target(reg.id, map);
    }

    private static void lock(Env env, VState st, int regno, int argNo, RefKind kind, boolean helper) throws VerifyError {
        Target t = target(st, regno, argNo, helper);
        for (Ref r : st.refs) {
            if (kind == RefKind.LOCK && r.kind() == RefKind.LOCK) {
                throw new VerifyError("Locking two bpf_spin_locks are not allowed");
            }
            if (kind != RefKind.LOCK && (r.kind() == RefKind.RES_LOCK || r.kind() == RefKind.RES_LOCK_IRQ)
                    && r.id() == t.id() && r.map() == t.map()) {
                throw new VerifyError("Acquiring the same lock again, AA deadlock detected");
            }
        }
        st.refs.add(new Ref(kind, t.id(), t.map(), null, env.insnIdx));
    }

    private static void unlock(Env env, VState st, int regno, int argNo, RefKind kind, boolean helper) throws VerifyError {
        Target t = target(st, regno, argNo, helper);
        String k = prefix(helper);
        if (st.activeLocks() == 0) {
            throw new VerifyError(k + "_unlock without taking a lock");
        }
        int found = -1;
        for (int i = 0; i < st.refs.size(); i++) {
            Ref r = st.refs.get(i);
            if (r.kind() == kind && r.id() == t.id() && r.map() == t.map()) {
                found = i;
            }
        }
        if (found < 0) {
            throw new VerifyError(k + "_unlock of different lock");
        }
        if (st.refs.get(found) != st.activeLock()) {
            throw new VerifyError(k + "_unlock cannot be out of order");
        }
        st.refs.remove(found);
    }

    /** L0, L17, L17v, L17a: the flag slot a pointer argument names; {@code expected} completes L17v/L17a. */
    private static int flagSlot(VState st, int regno, int argNo, String expected) throws VerifyError {
        Reg reg = st.reg(regno);
        if (reg.mayBeNull() || reg.isNull()) {
            throw VerifyError.eacces("Possibly NULL pointer passed to trusted arg" + argNo);
        }
        if (reg.type != RegType.PTR_TO_STACK) {
            throw new VerifyError("arg#" + argNo + " doesn't point to an irq flag on stack");
        }
        if (!reg.var.isConst()) {
            throw new VerifyError("irq_flag has to be at a constant offset\n" + expected + argNo);
        }
        long off = reg.off + reg.var.constValue();
        if (off % 8 != 0) {
            throw new VerifyError("cannot pass in irq_flag at an offset=" + off + "\n" + expected + argNo);
        }
        return (int) off;
    }

    private static void saveFlag(Env env, VState st, int regno, int argNo, IrqClass cls) throws VerifyError {
        String expected = "expected uninitialized irq flag as arg#";
        int off = flagSlot(st, regno, argNo, expected);
        Reg reg = st.reg(regno);
        Frame f = st.frames[reg.frameno];
        if (off < 0 && off >= -InsnTable.STACK_SIZE) {
            StackSlot s = f.slotOrNull((-off - 1) / 8);
            if (s != null && s.anyIrqFlag()) {
                throw new VerifyError(expected + argNo);
            }
        }
        MemAccess.access(env, st, regno, reg, 0, 8, MemAccess.Kind.WRITE, null, false);
        int id = env.newId();
        st.refs.add(new Ref(RefKind.IRQ, id, null, cls, env.insnIdx));
        StackSlot s = f.slotForWrite((-off - 1) / 8);
        s.fill(SlotType.IRQ_FLAG);
        s.irqRef = id;
        s.irqClass = cls;
    }

    private static void restoreFlag(Env env, VState st, int regno, int argNo, IrqClass cls) throws VerifyError {
        String expected = "expected an initialized irq flag as arg#";
        int off = flagSlot(st, regno, argNo, expected);
        Reg reg = st.reg(regno);
        Frame f = st.frames[reg.frameno];
        StackSlot s = off < 0 && off >= -InsnTable.STACK_SIZE ? f.slotOrNull((-off - 1) / 8) : null;
        Ref ref = null;
        if (s != null && s.isIrqFlag()) {
            for (Ref r : st.refs) {
                if (r.kind() == RefKind.IRQ && r.id() == s.irqRef) {
                    ref = r;
                }
            }
        }
        if (ref == null) {
            throw new VerifyError(expected + argNo);
        }
        if (s.irqClass != cls) {
            throw new VerifyError("irq flag acquired by " + s.irqClass.spelling() + " kfuncs cannot be restored with "
                    + cls.spelling() + " kfuncs");
        }
        Ref active = st.activeIrq();
        if (active != ref) {
            throw VerifyError.eacces("cannot restore irq state out of order, expected id=" + active.id()
                    + " acquired at insn_idx=" + active.insn());
        }
        st.refs.remove(ref);
        f.slotForWrite((-off - 1) / 8).fill(SlotType.INVALID);
    }

    static int errno(VerifyError e) {
        return e.errno() == 0 ? Errno.EINVAL : e.errno();
    }
}
