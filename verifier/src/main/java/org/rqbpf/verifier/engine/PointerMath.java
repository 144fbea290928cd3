package org.rqbpf.verifier.engine;

import static org.rqbpf.isa.Bpf.*;

import org.rqbpf.isa.RawInsn;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.domain.ScalarAlu;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;

/**
 * Arithmetic with a pointer operand (the kernel's {@code adjust_ptr_min_max_vals}): only 64-bit
 * addition and subtraction of scalars with sane bounds (a privileged 32-bit subtraction gives an unknown
 * scalar); constants move the fixed offset, variables the
 * variable offset; {@code pointer - pointer} of the same kind gives an unknown scalar.
 */
final class PointerMath {
    private PointerMath() {}

    static Reg apply(Env env, RawInsn in, int op, boolean alu64, Reg dst, Reg src) throws VerifyError {
        int d = in.dst();
        if (dst.isPointer() && src.isPointer()) {
            if (op == SUB && alu64) {
                return Reg.unknownScalar();
            }
            throw VerifyError.eacces("R" + d + " pointer " + AluOps.opName(op) + "= pointer prohibited");
        }
        boolean ptrIsDst = dst.isPointer();
        Reg ptr = ptrIsDst ? dst : src;
        Reg off = ptrIsDst ? src : dst;
        if (!alu64) {
            if (op == SUB && env.options.privileged()) {
                return Reg.unknownScalar(); // 32-bit arithmetic on a pointer gives a meaningless scalar
            }
            throw VerifyError.eacces("R" + d + " 32-bit pointer arithmetic prohibited");
        }
        if (ptr.mayBeNull()) {
            throw VerifyError.eacces("R" + d + " pointer arithmetic on " + ptr.type.spelling()
                    + " prohibited, null-check it first");
        }
        boolean known = off.var.isConst();
        if (ptr.type == RegType.CONST_PTR_TO_MAP && !(known && off.var.constValue() == 0 && op == ADD)
                || ptr.type == RegType.PTR_TO_PACKET_END || ptr.type.isSocket()) {
            throw VerifyError.eacces("R" + d + " pointer arithmetic on " + ptr.type.spelling() + " prohibited");
        }
        checkSaneOffset(off, ptr.type);
        checkSaneOffset(ptr, ptr.type);
        Reg r = ptr.copy();
        switch (op) {
            case ADD -> {
                if (known) {
                    r.off = addOffset(ptr, off.var.constValue());
                } else {
                    ScalarAlu.apply(ADD, r.var, off.var, true, 0);
                    varChanged(env, r);
                }
            }
            case SUB -> {
                if (!ptrIsDst) {
                    throw VerifyError.eacces("R" + d + " tried to subtract pointer from scalar");
                }
                if (ptr.type == RegType.PTR_TO_STACK) {
                    throw VerifyError.eacces("R" + d + " subtraction from stack pointer prohibited");
                }
                if (known) {
                    r.off = addOffset(ptr, -off.var.constValue());
                } else {
                    ScalarAlu.apply(SUB, r.var, off.var, true, 0);
                    varChanged(env, r);
                }
            }
            case AND, OR, XOR -> throw VerifyError.eacces("R" + d + " bitwise operator " + AluOps.opName(op)
                    + "= on pointer prohibited");
            default -> throw VerifyError.eacces("R" + d + " pointer arithmetic with " + AluOps.opName(op)
                    + "= operator prohibited");
        }
        checkSaneOffset(r, r.type);
        return r;
    }

    /** Both operands were checked sane (below 2^29), so the sum fits the fixed offset. */
    private static int addOffset(Reg ptr, long delta) {
        return (int) (ptr.off + delta);
    }

    /** A variable offset: packet pointers get a new id and lose their proven range. */
    private static void varChanged(Env env, Reg r) {
        if (r.type.isPacket()) {
            r.id = env.newId();
            r.range = 0;
        }
    }

    /**
     * The kernel's {@code check_reg_sane_offset}, on both operands and on the result, failing with EINVAL;
     * an unbounded maximum is caught at the access.
     */
    private static void checkSaneOffset(Reg reg, RegType ptrType) throws VerifyError {
        Scalar v = reg.var;
        String t = ptrType.spelling();
        if (v.isConst() && (v.constValue() >= AluOps.MAX_VAR_OFF || v.constValue() <= -AluOps.MAX_VAR_OFF)) {
            throw new VerifyError("math between " + t + " pointer and " + v.constValue() + " is not allowed");
        }
        if (reg.isPointer() && (reg.off >= AluOps.MAX_VAR_OFF || reg.off <= -AluOps.MAX_VAR_OFF)) {
            throw new VerifyError(t + " pointer offset " + reg.off + " is not allowed");
        }
        if (v.smin == Long.MIN_VALUE) {
            throw new VerifyError("math between " + t + " pointer and register with unbounded min value is not allowed");
        }
        if (v.smin >= AluOps.MAX_VAR_OFF || v.smin <= -AluOps.MAX_VAR_OFF) {
            throw new VerifyError("value " + v.smin + " makes " + t + " pointer be out of bounds");
        }
    }
}
