package org.rqbpf.verifier.engine;

import static org.rqbpf.isa.Bpf.*;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.domain.Tnum;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/** LDX, ST, STX and atomic instructions (operand checks, then {@link MemAccess}). */
final class MemOps {
    private MemOps() {}

    static void load(Env env, VState st, RawInsn in) throws VerifyError {
        int code = in.opcode();
        Reg ptr = Regs.read(st, in.src());
        Regs.checkWritable(in.dst());
        int size = sizeBytes(size(code));
        Reg v = MemAccess.access(env, st, in.src(), ptr, in.off(), size, MemAccess.Kind.READ, null, false,
                mode(code) == MEMSX);
        env.savePtrType(ptr.type);
        if (v.isScalar() && size < 8) {
            v = v.copy();
            if (StackAccess.width(v) > size * 8) {
                v.id = 0; // a narrowing fill breaks the link; a value that fits keeps it
            }
            if (mode(code) == MEMSX) {
                signExtendLoad(v.var, size);
            } else if (!v.var.isConst() || (v.var.constValue() >>> (size * 8)) != 0) {
                v.var = truncate(v.var, size);
            }
        }
        Regs.write(st, in.dst(), v);
    }

    static void store(Env env, VState st, RawInsn in) throws VerifyError {
        int code = in.opcode();
        if (cls(code) == STX && mode(code) == ATOMIC) {
            atomic(env, st, in);
            return;
        }
        if (InsnTable.usesReservedFields(in)) {
            throw new VerifyError(cls(code) == STX ? "BPF_STX uses reserved fields" : "BPF_ST uses reserved fields");
        }
        int size = sizeBytes(size(code));
        Reg value = null;
        boolean zero;
        if (cls(code) == STX) {
            value = Regs.read(st, in.src());
            zero = value.isNull();
            value = linkSpill(env, st, in, size, value);
        } else {
            zero = in.imm() == 0;
            value = Reg.constant(in.imm());
        }
        Reg ptr = Regs.read(st, in.dst());
        MemAccess.access(env, st, in.dst(), ptr, in.off(), size, MemAccess.Kind.WRITE, value, zero);
        env.savePtrType(ptr.type);
    }

    /**
     * A spill of an unknown scalar that fits the store links the register and its stack copy by id, so that what a branch
     * learns about one holds for the other after a fill (check_stack_write_fixed_off's
     * {@code assign_scalar_id_before_mov}, privileged loads).
     */
    private static Reg linkSpill(Env env, VState st, RawInsn in, int size, Reg value) {
        Reg ptr = st.reg(in.dst());
        if (StackAccess.width(value) > size * 8 || !value.isScalar() || value.id != 0 || value.var.isConst() || !env.options.privileged()
                || ptr.type != RegType.PTR_TO_STACK || !ptr.var.isConst() || (ptr.off + in.off()) % 8 != 0) {
            return value;
        }
        Reg linked = value.copy();
        linked.id = env.newId();
        Regs.write(st, in.src(), linked);
        return linked;
    }

    private static void atomic(Env env, VState st, RawInsn in) throws VerifyError {
        int code = in.opcode();
        int size = sizeBytes(size(code));
        if (size != 4 && size != 8) {
            throw new VerifyError("invalid atomic operand size");
        }
        int op = in.imm();
        boolean known = switch (op) {
            case ADD, AND, OR, XOR, ADD | FETCH, AND | FETCH, OR | FETCH, XOR | FETCH, XCHG, CMPXCHG -> true;
            default -> false;
        };
        if (!known) {
            throw new VerifyError(String.format("BPF_ATOMIC uses invalid atomic opcode %02x", op));
        }
        Regs.read(st, in.src());
        Reg ptr = Regs.read(st, in.dst());
        if (op == CMPXCHG) {
            Regs.read(st, 0);
        }
        if (ptr.type == RegType.PTR_TO_CTX || ptr.type.isPacket()) {
            throw VerifyError.eacces("BPF_ATOMIC stores into R" + in.dst() + " " + ptr.type.spelling() + " is not allowed");
        }
        PtrAlignment.check(ptr, in.off(), size, true); // check_atomic: strict_alignment_once
        boolean fetch = (op & FETCH) != 0;
        int loadReg = op == CMPXCHG ? 0 : in.src();
        if (fetch) {
            Regs.checkWritable(loadReg);
        }
        Reg old = MemAccess.access(env, st, in.dst(), ptr, in.off(), size, MemAccess.Kind.READ, null, false);
        MemAccess.access(env, st, in.dst(), ptr, in.off(), size, MemAccess.Kind.WRITE, null, false);
        if (fetch) {
            Reg r = old.isScalar() ? MemAccess.sized(size) : Reg.unknownScalar();
            Regs.write(st, loadReg, r);
        }
    }

    static Scalar truncate(Scalar v, int size) {
        if (v.isConst()) {
            return Scalar.constant(v.constValue() & ((1L << (size * 8)) - 1));
        }
        Scalar s = Scalar.unsignedRange(0, (1L << (size * 8)) - 1);
        if (Long.compareUnsigned(v.umax, (1L << (size * 8)) - 1) <= 0) {
            return v.copy();
        }
        s.tnum = s.tnum.intersect(v.tnum.cast(size));
        s.sync();
        return s;
    }

    private static void signExtendLoad(Scalar v, int size) {
        int bits = size * 8;
        if (v.isConst()) {
            long x = v.constValue();
            v.setConst(bits == 8 ? (byte) x : bits == 16 ? (short) x : (int) x);
            return;
        }
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        v.copyFrom(Scalar.signedRange(lo, hi, (int) lo, (int) hi));
    }
}
