package org.rqbpf.verifier.engine;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.abi.Errno;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.SlotType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * Loads and stores on a frame's 512-byte stack (the kernel's {@code check_stack_read/write_*}): bounds,
 * alignment, spilling and filling registers, byte-wise MISC/ZERO/INVALID tracking, and the flag-slot
 * rule F1.
 */
final class StackAccess {
    private StackAccess() {}

    /**
     * The kernel's {@code check_stack_access_within_bounds}. {@code kind} is " read from", " write to", ...
     * Below the stack is EACCES, above the frame pointer EINVAL.
     */
    static void checkBounds(Reg ptr, int regno, long minOff, long maxOff, int size, String kind) throws VerifyError {
        if (minOff < -InsnTable.STACK_SIZE || maxOff + size > 0 || size < 0) {
            int errno = minOff >= -InsnTable.STACK_SIZE && size >= 0 ? Errno.EINVAL : Errno.EACCES;
            if (ptr.var.isConst()) {
                throw new VerifyError(errno, "invalid" + kind + " stack R" + regno + " off=" + minOff + " size=" + size);
            }
            throw new VerifyError(errno, "invalid variable-offset" + kind + " stack R" + regno + " var_off=" + ptr.var.tnum
                    + " off=" + ptr.off + " size=" + size);
        }
    }

    static void noteDepth(Env env, VState st, Reg ptr, long minOff) {
        int depth = (int) -minOff;
        Frame f = st.frames[ptr.frameno];
        int func = env.cfg.functionAt(f.funcStart);
        if (func >= 0 && env.stackDepth[func] < depth) {
            env.stackDepth[func] = depth;
        }
    }

    /**
     * Stores {@code size} bytes at the constant offset {@code off}; {@code value} null for a store the
     * verifier tracks only as bytes. A register (or an immediate, as a constant) stored at a slot's start
     * is spilled: 8 bytes of any register or, for privileged loads, fewer bytes of a scalar
     * (check_stack_write_fixed_off); a narrow spill of a wider value keeps no link to its register.
     */
    static void write(VState st, Reg ptr, long off, int size, Reg value, boolean zero, boolean privileged)
            throws VerifyError {
        if (value != null && value.isPointer() && size != 8) {
            throw VerifyError.eacces("invalid size of register spill");
        }
        Frame f = st.frames[ptr.frameno];
        int spi = (int) ((-off - 1) / 8);
        if (off % 8 == 0 && value != null && (size == 8 || privileged && value.isScalar())) {
            StackSlot s = f.slotForWrite(spi);
            if (s.isSpill() || s.anyIrqFlag()) {
                s.fill(SlotType.MISC);
            }
            for (int i = 0; i < 8; i++) {
                if (i >= 8 - size) {
                    s.types[i] = SlotType.SPILL;
                } else if (s.types[i] != SlotType.ZERO && s.types[i] != SlotType.INVALID) {
                    s.types[i] = SlotType.MISC;
                }
            }
            s.spilled = value.copy();
            if (size < 8 && width(value) > size * 8) {
                s.spilled.id = 0;
            }
            return;
        }
        for (long a = off; a < off + size; a++) {
            int aspi = (int) ((-a - 1) / 8);
            StackSlot s = f.slotForWrite(aspi);
            if (s.isSpill() || s.anyIrqFlag()) {
                s.fill(SlotType.MISC);
            }
            s.types[(int) ((-a - 1) % 8)] = zero ? SlotType.ZERO : SlotType.MISC;
        }
    }

    /** A store at a variable offset: every byte it may touch must be initialised and becomes MISC (or stays ZERO). */
    static void writeVar(Env env, VState st, Reg ptr, int regno, long minOff, long maxOff, int size, boolean zero)
            throws VerifyError {
        Frame f = st.frames[ptr.frameno];
        for (long a = minOff; a < maxOff + size; a++) {
            int spi = (int) ((-a - 1) / 8);
            StackSlot s = f.slotOrNull(spi);
            SlotType t = s == null ? SlotType.INVALID : s.types[(int) ((-a - 1) % 8)];
            if (t == SlotType.INVALID && !env.options.privileged()) {
                throw new VerifyError("uninit stack in range of var-offset write prohibited for !root; insn "
                        + env.insnIdx + ", off: " + a);
            }
        }
        for (long a = minOff; a < maxOff + size; a++) {
            int spi = (int) ((-a - 1) / 8);
            StackSlot s = f.slotForWrite(spi);
            if (s.isSpill() || s.anyIrqFlag()) {
                s.fill(SlotType.MISC);
            }
            int idx = (int) ((-a - 1) % 8);
            s.types[idx] = zero && s.types[idx] == SlotType.ZERO ? SlotType.ZERO : SlotType.MISC;
        }
    }

    /**
     * Loads {@code size} bytes at the constant offset {@code off}: the filled register or a scalar. Bytes
     * never written read as unknown when {@code allowUninit} (a privileged load), else are an error.
     */
    static Reg read(VState st, Reg ptr, long off, int size, boolean allowUninit) throws VerifyError {
        Frame f = st.frames[ptr.frameno];
        int spi = (int) ((-off - 1) / 8);
        StackSlot s = f.slotOrNull(spi);
        if (s != null && s.isSpill()) {
            int spillSize = s.spillSize();
            if (size == 8 && spillSize == 8) {
                return s.spilled.copy();
            }
            if (!s.spilled.isScalar()) {
                throw VerifyError.eacces("invalid size of register fill");
            }
            if (size <= spillSize && off % 8 == 0) {
                // A fill of the spill's low bytes restores the value; the load truncates it to its size.
                return s.spilled.copy();
            }
            return partialFill(s, off, size, allowUninit);
        }
        boolean allZero = true;
        for (int i = 0; i < size; i++) {
            long a = off + i;
            StackSlot b = f.slotOrNull((int) ((-a - 1) / 8));
            SlotType t = b == null ? SlotType.INVALID : b.types[(int) ((-a - 1) % 8)];
            if (t == SlotType.IRQ_FLAG) {
                throw new VerifyError(Errno.EACCES, "invalid read from stack off " + off + "+" + i + " size " + size + "\n"
                        + irqFlagSummary(b, (int) (-(((-a - 1) / 8) + 1) * 8)));
            }
            if (t == SlotType.INVALID && allowUninit) {
                allZero = false;
                continue;
            }
            if (t == SlotType.INVALID || t == SlotType.SPILL && !b.isSpill()) {
                throw VerifyError.eacces("invalid read from stack off " + off + "+" + i + " size " + size);
            }
            if (t == SlotType.SPILL) {
                allZero = allZero && b.spilled.isNull();
            } else {
                allZero = allZero && t == SlotType.ZERO;
            }
        }
        return allZero ? Reg.constant(0) : Reg.unknownScalar();
    }

    /** The bits a scalar needs ({@code get_reg_width}: the highest set bit of its maximum). */
    static int width(Reg r) {
        return 64 - Long.numberOfLeadingZeros(r.var.umax);
    }

    /** A fill that does not line up with a narrow spill: the bytes decide, as check_stack_read_fixed_off does. */
    private static Reg partialFill(StackSlot s, long off, int size, boolean allowUninit) throws VerifyError {
        int spill = 0, zero = 0;
        for (int i = 0; i < size; i++) {
            SlotType t = s.types[(int) ((-(off + i) - 1) % 8)];
            switch (t) {
                case SPILL -> spill++;
                case ZERO -> zero++;
                case MISC -> { }
                default -> {
                    if (t != SlotType.INVALID || !allowUninit) {
                        throw VerifyError.eacces("invalid read from stack off " + off + "+" + i + " size " + size);
                    }
                }
            }
        }
        boolean spilledZero = spill == size && s.spilled.var.isConst() && s.spilled.var.constValue() == 0;
        return spilledZero || zero == size ? Reg.constant(0) : Reg.unknownScalar();
    }

    /** A load at a variable offset: every byte it may read must be initialised (unless {@code allowUninit}). */
    static Reg readVar(VState st, Reg ptr, int regno, long minOff, long maxOff, int size, String kind,
            boolean allowUninit) throws VerifyError {
        Frame f = st.frames[ptr.frameno];
        for (long a = minOff; a < maxOff + size; a++) {
            StackSlot b = f.slotOrNull((int) ((-a - 1) / 8));
            SlotType t = b == null ? SlotType.INVALID : b.types[(int) ((-a - 1) % 8)];
            if (t == SlotType.INVALID && !allowUninit || t == SlotType.IRQ_FLAG) {
                throw VerifyError.eacces("invalid variable-offset" + kind + " stack R" + regno + " var_off="
                        + ptr.var.tnum + " off=" + ptr.off + " size=" + size);
            }
        }
        return Reg.scalar(Scalar.unknown());
    }

    /**
     * Helper memory arguments: {@code size} bytes from {@code off} must be initialised (the kernel's
     * {@code check_stack_range_initialized}, message with the register); never-written bytes pass when
     * {@code allowUninit}.
     */
    static void checkInitialized(VState st, Reg ptr, int regno, long off, int size, boolean allowUninit)
            throws VerifyError {
        Frame f = st.frames[ptr.frameno];
        for (int i = 0; i < size; i++) {
            long a = off + i;
            StackSlot b = f.slotOrNull((int) ((-a - 1) / 8));
            SlotType t = b == null ? SlotType.INVALID : b.types[(int) ((-a - 1) % 8)];
            if (t == SlotType.INVALID && !allowUninit || t == SlotType.IRQ_FLAG) {
                throw VerifyError.eacces("invalid indirect read from stack R" + regno + " off " + off + "+" + i
                        + " size " + size);
            }
        }
    }

    /**
     * The value of a map key on the stack when the verifier knows it (the kernel's
     * {@code get_constant_map_key}): {@code keySize} bytes of known zero from the key's start, or a spilled
     * constant scalar of exactly {@code keySize} bytes; else null.
     */
    static Long constantKey(VState st, Reg key, int keySize) {
        if (key.type != RegType.PTR_TO_STACK || !key.var.isConst()) {
            return null;
        }
        long slot = -(key.off + key.var.constValue()) - 1;
        StackSlot s = st.frames[key.frameno].slotOrNull((int) (slot / 8));
        if (s == null) {
            return null;
        }
        int off = (int) (slot % 8);
        int zero = 0;
        for (int i = off; i >= 0 && s.types[i] == SlotType.ZERO; i--) {
            zero++;
        }
        if (zero >= keySize) {
            return 0L;
        }
        if (!s.isSpill() || !s.spilled.isScalar() || !s.spilled.var.isConst()) {
            return null;
        }
        int spill = 0;
        for (int i = off; i >= 0 && s.types[i] == SlotType.SPILL; i--) {
            spill++;
        }
        return spill == keySize ? s.spilled.var.constValue() : null;
    }

    /** The three-line summary printed after rule F1 (verifier-rules.md §5 notes). */
    private static String irqFlagSummary(StackSlot slot, int slotOff) {
        String by = slot.irqClass == org.rqbpf.verifier.state.IrqClass.LOCK ? "bpf_res_spin_lock_irqsave"
                : "bpf_local_irq_save";
        return "Verification failed: Memory Safety: Direct read of IRQ flag stack state\n"
                + "  fp" + slotOff + " holds verifier-managed IRQ flag state saved by " + by + "; programs may not read it.\n"
                + "  Hint: Pass the saved IRQ flag to the matching restore kfunc instead of reading it.";
    }
}
