package org.rqbpf.verifier.engine;

import static org.rqbpf.isa.Bpf.*;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.domain.Tnum;
import org.rqbpf.verifier.domain.ScalarAlu;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/**
 * ALU and ALU64 instructions (the kernel's {@code check_alu_op}): operand checks, moves with scalar-id
 * linking, scalar arithmetic through {@link ScalarAlu}, and the pointer arithmetic rules.
 */
final class AluOps {
    /** The kernel's {@code BPF_MAX_VAR_OFF}: larger offsets are refused in pointer arithmetic. */
    static final long MAX_VAR_OFF = 1L << 29;
    private static final String[] OP_NAMES = {"+", "-", "*", "/", "|", "&", "<<", ">>", "neg", "%", "^", "=", "s>>",
        "endian"};

    private AluOps() {}

    static void exec(Env env, VState st, RawInsn in) throws VerifyError {
        int code = in.opcode();
        boolean alu64 = cls(code) == ALU64;
        int op = op(code);
        checkReserved(in);
        if (op == MOV) {
            mov(env, st, in, alu64);
            return;
        }
        if (op == NEG || op == END) {
            Reg d = Regs.read(st, in.dst());
            Regs.checkWritable(in.dst());
            if (d.isPointer()) {
                if (env.options.privileged()) {
                    // Negating or byte-swapping a pointer leaves a scalar the verifier knows nothing of.
                    Regs.write(st, in.dst(), Reg.unknownScalar());
                    return;
                }
                throw VerifyError.eacces("R" + in.dst() + " pointer arithmetic prohibited");
            }
            Reg r = d.copy();
            r.id = 0;
            unary(op, in, r.var, alu64);
            Regs.write(st, in.dst(), r);
            return;
        }
        Reg src = srcBit(code) == X ? Regs.read(st, in.src()) : null;
        Reg dst = Regs.read(st, in.dst());
        Regs.checkWritable(in.dst());
        if (srcBit(code) == K) {
            if ((op == DIV || op == MOD) && in.imm() == 0) {
                throw new VerifyError("div by zero");
            }
            if ((op == LSH || op == RSH || op == ARSH) && (in.imm() < 0 || in.imm() >= (alu64 ? 64 : 32))) {
                throw new VerifyError("invalid shift " + in.imm());
            }
            src = Reg.constant(alu64 ? in.imm() : in.imm() & 0xffffffffL);
        }
        if (dst.isPointer() || src.isPointer()) {
            Regs.write(st, in.dst(), PointerMath.apply(env, in, op, alu64, dst, src));
            return;
        }
        Reg r = dst.copy();
        r.id = 0;
        ScalarAlu.apply(op, r.var, src.var, alu64, in.off());
        Regs.write(st, in.dst(), r);
    }

    /** The kernel's reserved-field checks of {@code check_alu_op}, named by operation as it names them. */
    private static void checkReserved(RawInsn in) throws VerifyError {
        if (InsnTable.usesReservedFields(in)) {
            String what = switch (op(in.opcode())) {
                case NEG -> "BPF_NEG";
                case END -> "BPF_END";
                case MOV -> "BPF_MOV";
                default -> "BPF_ALU";
            };
            throw new VerifyError(what + " uses reserved fields");
        }
    }

    private static void mov(Env env, VState st, RawInsn in, boolean alu64) throws VerifyError {
        if (srcBit(in.opcode()) == K) {
            Regs.checkWritable(in.dst());
            Regs.write(st, in.dst(), Reg.constant(alu64 ? in.imm() : in.imm() & 0xffffffffL));
            return;
        }
        Reg src = Regs.read(st, in.src());
        Regs.checkWritable(in.dst());
        int ext = in.off();
        if (ext != 0) {
            Reg r = src.isScalar() ? src.copy() : Reg.unknownScalar();
            r.id = 0;
            signExtend(r.var, ext, alu64);
            Regs.write(st, in.dst(), r);
            return;
        }
        if (!alu64) {
            if (src.isPointer() && !env.options.privileged()) {
                throw VerifyError.eacces("R" + in.src() + " partial copy of pointer");
            }
            if (src.isScalar() && Long.compareUnsigned(src.var.umax, 0xffffffffL) <= 0) {
                // A value that fits 32 bits is copied whole: the copies are linked, as for a 64-bit move.
                Regs.write(st, in.dst(), linked(env, st, in.src(), src).copy());
                return;
            }
            Reg r = src.isScalar() ? src.copy() : Reg.unknownScalar();
            r.id = 0;
            Scalar v = r.var;
            if (!v.isConst32()) {
                v.tnum = v.tnum.subreg();
            } else {
                v.setConst(v.constValue() & 0xffffffffL);
            }
            v.zext32();
            v.sync();
            Regs.write(st, in.dst(), r);
            return;
        }
        Regs.write(st, in.dst(), (src.isScalar() ? linked(env, st, in.src(), src) : src).copy());
    }

    /**
     * The source of a scalar copy with an id (the kernel's {@code assign_scalar_id_before_mov}), so that what
     * a branch learns about one copy holds for the other; constants need none.
     */
    private static Reg linked(Env env, VState st, int srcReg, Reg src) {
        if (src.id != 0 || src.var.isConst()) {
            return src;
        }
        Reg linked = src.copy();
        linked.id = env.newId();
        Regs.write(st, srcReg, linked);
        return linked;
    }

    /**
     * {@code (s8)}, {@code (s16)}, {@code (s32)} moves: the kernel's {@code coerce_reg_to_size_sx} (64-bit) and
     * {@code coerce_subreg_to_size_sx} (32-bit, then zero-extended). When the bounds share their bits above
     * the extended width and their extensions have one sign, the result is that range; otherwise the
     * signed range of the width.
     */
    private static void signExtend(Scalar v, int bits, boolean alu64) {
        if (v.isConst()) {
            long x = v.constValue();
            long r = extend(x, bits);
            v.setConst(alu64 ? r : r & 0xffffffffL);
            return;
        }
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        if (alu64) {
            boolean sameTop = (v.smax >>> bits) == (v.smin >>> bits);
            long a = extend(v.smax, bits), b = extend(v.smin, bits);
            long min = Math.min(a, b), max = Math.max(a, b);
            if (sameTop && (min >= 0) == (max >= 0)) {
                v.copyFrom(Scalar.signedRange(min, max, (int) min, (int) max));
                v.tnum = Tnum.range(min, max);
            } else {
                v.copyFrom(Scalar.signedRange(lo, hi, (int) Math.max(lo, Integer.MIN_VALUE), (int) Math.min(hi, Integer.MAX_VALUE)));
            }
            v.sync();
            return;
        }
        boolean sameTop = (v.s32max >>> bits) == (v.s32min >>> bits);
        int a = (int) extend(v.s32max, bits), b = (int) extend(v.s32min, bits);
        int min = Math.min(a, b), max = Math.max(a, b);
        Scalar r = Scalar.unknown();
        if (sameTop && (min >= 0) == (max >= 0)) {
            r.s32min = min;
            r.s32max = max;
            r.u32min = min;
            r.u32max = max;
            r.tnum = Tnum.range(min, max).subreg();
        } else {
            r.s32min = (int) lo;
            r.s32max = (int) hi;
            r.tnum = Tnum.UNKNOWN.subreg();
        }
        v.copyFrom(r);
        v.zext32();
        v.sync();
    }

    private static long extend(long x, int bits) {
        return switch (bits) {
            case 8 -> (byte) x;
            case 16 -> (short) x;
            default -> (int) x;
        };
    }

    private static void unary(int op, RawInsn in, Scalar v, boolean alu64) {
        if (op == NEG) {
            // Linux 6.18: -x as 0 - x, which keeps the bounds.
            Scalar zero = Scalar.constant(0);
            ScalarAlu.apply(SUB, zero, v, alu64, 0);
            v.copyFrom(zero);
            return;
        }
        int bits = in.imm();
        boolean swap = alu64 || srcBit(in.opcode()) == TO_BE;
        if (v.isConst()) {
            long x = v.constValue();
            long r = switch (bits) {
                case 16 -> swap ? Short.reverseBytes((short) x) & 0xffffL : x & 0xffffL;
                case 32 -> swap ? Integer.reverseBytes((int) x) & 0xffffffffL : x & 0xffffffffL;
                default -> swap ? Long.reverseBytes(x) : x;
            };
            v.setConst(r);
            return;
        }
        if (!swap) {
            if (bits < 64) {
                ScalarAlu.apply(AND, v, Scalar.constant(bits == 16 ? 0xffff : 0xffffffffL), true, 0);
            }
            return;
        }
        Scalar r = bits == 64 ? Scalar.unknown() : Scalar.unsignedRange(0, bits == 16 ? 0xffff : 0xffffffffL);
        v.copyFrom(r);
    }

    static String opName(int op) {
        return OP_NAMES[op >> 4];
    }

    static boolean isPointerType(RegType t) {
        return t.isPointer();
    }
}
