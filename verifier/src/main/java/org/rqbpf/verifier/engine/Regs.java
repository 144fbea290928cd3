package org.rqbpf.verifier.engine;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * Register access rules shared by every transfer function (the kernel's {@code check_reg_arg}), and the
 * state-wide updates keyed by an id. Reg objects stored in a state are never mutated (states share them
 * after a copy); every change stores a fresh copy.
 */
final class Regs {
    static final int FP = InsnTable.FRAME_POINTER;

    private Regs() {}

    /** The register for reading: rejects invalid numbers and uninitialised registers. */
    static Reg read(VState st, int r) throws VerifyError {
        if (r >= InsnTable.REGISTERS) {
            throw new VerifyError("R" + r + " is invalid");
        }
        Reg reg = st.reg(r);
        if (reg.type == RegType.NOT_INIT) {
            throw VerifyError.eacces("R" + r + " !read_ok");
        }
        return reg;
    }

    /** Checks that {@code r} may be written. */
    static void checkWritable(int r) throws VerifyError {
        if (r >= InsnTable.REGISTERS) {
            throw new VerifyError("R" + r + " is invalid");
        }
        if (r == FP) {
            throw VerifyError.eacces("frame pointer is read only");
        }
    }

    static void write(VState st, int r, Reg v) {
        st.setReg(r, v);
    }

    /** R1-R5 become unreadable (after any call). */
    static void clobberCallerSaved(VState st) {
        for (int r = 1; r <= 5; r++) {
            st.setReg(r, Reg.notInit());
        }
    }

    /** Initial registers of a frame: all unreadable but R10, the frame pointer. */
    static void initFrame(Frame f) {
        for (int r = 0; r < 10; r++) {
            f.regs[r] = Reg.notInit();
        }
        Reg fp = Reg.pointer(RegType.PTR_TO_STACK, 0);
        fp.frameno = f.frameno;
        f.regs[FP] = fp;
    }

    /** Applies {@code change} to every register and spilled register, in every frame, whose id is {@code id}. */
    static void forEachWithId(VState st, int id, java.util.function.UnaryOperator<Reg> change) {
        if (id == 0) {
            return;
        }
        for (Frame f : st.frames) {
            for (int r = 0; r < f.regs.length; r++) {
                if (f.regs[r].id == id) {
                    f.regs[r] = change.apply(f.regs[r].copy());
                }
            }
            for (int spi = 0; spi < f.stack.length; spi++) {
                StackSlot s = f.stack[spi];
                if (s != null && s.isSpill() && s.spilled.id == id) {
                    StackSlot c = s.copy();
                    c.spilled = change.apply(c.spilled);
                    f.stack[spi] = c;
                }
            }
        }
    }
}
