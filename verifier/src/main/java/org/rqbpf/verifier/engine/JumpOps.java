package org.rqbpf.verifier.engine;

import static org.rqbpf.isa.Bpf.*;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.BranchRefiner;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RefKind;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/**
 * Conditional jumps (the kernel's {@code check_cond_jmp_op}): decides which successors are feasible and
 * what each one learns: scalar bounds on both operands (and their linked copies), NULL checks of
 * lookup results (for every register sharing the id), and packet ranges from comparisons with
 * {@code data_end}.
 */
final class JumpOps {
    /** The states of the two successors; null where a successor is infeasible. */
    record Successors(VState fallThrough, VState target) {}

    private JumpOps() {}

    static Successors cond(Env env, VState st, RawInsn in) throws VerifyError {
        int code = in.opcode();
        int op = op(code);
        boolean jmp32 = cls(code) == JMP32;
        if (InsnTable.usesReservedFields(in)) {
            throw new VerifyError("BPF_JMP/JMP32 uses reserved fields");
        }
        Reg src;
        if (srcBit(code) == X) {
            src = Regs.read(st, in.src());
        } else {
            src = Reg.constant(jmp32 ? in.imm() & 0xffffffffL : in.imm());
        }
        Reg dst = Regs.read(st, in.dst());
        int srcReg = srcBit(code) == X ? in.src() : -1;
        if (dst.isScalar() && src.isScalar()) {
            return scalars(st, in.dst(), srcReg, dst, src, op, jmp32);
        }
        if ((op == JEQ || op == JNE) && !jmp32) {
            Successors nullCheck = nullCheck(st, dst, src, op);
            if (nullCheck != null) {
                return nullCheck;
            }
        }
        if (srcBit(code) == X && !jmp32) {
            Successors pkt = packet(st, in.dst(), in.src(), dst, src, op);
            if (pkt != null) {
                return pkt;
            }
        }
        if (dst.isPointer() && !env.options.privileged()) {
            throw VerifyError.eacces("R" + in.dst() + " pointer comparison prohibited");
        }
        return new Successors(st, st.copy());
    }

    private static Successors scalars(VState st, int dstReg, int srcReg, Reg dst, Reg src, int op, boolean jmp32) {
        if (jmp32 ? dst.var.isConst32() && src.var.isConst32() : dst.var.isConst() && src.var.isConst()) {
            boolean taken = compare(op, dst.var.constValue(), src.var.constValue(), jmp32);
            return taken ? new Successors(null, st) : new Successors(st, null);
        }
        Scalar ta = dst.var.copy(), tb = src.var.copy();
        boolean taken = BranchRefiner.refine(op, ta, tb, jmp32);
        Scalar fa = dst.var.copy(), fb = src.var.copy();
        boolean fall = BranchRefiner.refine(BranchRefiner.negate(op), fa, fb, jmp32);
        if (taken && !fall) {
            learn(st, dstReg, srcReg, dst, src, ta, tb);
            return new Successors(null, st);
        }
        if (!taken) {
            learn(st, dstReg, srcReg, dst, src, fa, fb);
            return new Successors(st, null);
        }
        VState other = st.copy();
        learn(other, dstReg, srcReg, dst, src, ta, tb);
        learn(st, dstReg, srcReg, dst, src, fa, fb);
        return new Successors(st, other);
    }

    /** The outcome of a comparison of two known values. */
    static boolean compare(int op, long a, long b, boolean jmp32) {
        if (jmp32) {
            a = op == JSGT || op == JSGE || op == JSLT || op == JSLE ? (int) a : a & 0xffffffffL;
            b = op == JSGT || op == JSGE || op == JSLT || op == JSLE ? (int) b : b & 0xffffffffL;
        }
        return switch (op) {
            case JEQ -> a == b;
            case JNE -> a != b;
            case JGT -> Long.compareUnsigned(a, b) > 0;
            case JGE -> Long.compareUnsigned(a, b) >= 0;
            case JLT -> Long.compareUnsigned(a, b) < 0;
            case JLE -> Long.compareUnsigned(a, b) <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
            default -> (a & b) != 0;
        };
    }

    private static void learn(VState st, int dstReg, int srcReg, Reg dst, Reg src, Scalar a, Scalar b) {
        setScalar(st, dstReg, dst, a);
        if (srcReg >= 0) {
            setScalar(st, srcReg, src, b);
        }
    }

    /** Stores the refined value in the register and in every register linked to it by id. */
    private static void setScalar(VState st, int r, Reg old, Scalar v) {
        if (v.sameAs(old.var)) {
            return;
        }
        Reg n = old.copy();
        n.var = v;
        st.setReg(r, n);
        if (old.id != 0) {
            Regs.forEachWithId(st, old.id, reg -> {
                reg.var = v.copy();
                return reg;
            });
        }
    }

    private static Successors nullCheck(VState st, Reg dst, Reg src, int op) {
        Reg ptr;
        if (dst.isPointer() && src.isNull()) {
            ptr = dst;
        } else if (src.isPointer() && dst.isNull()) {
            ptr = src;
        } else {
            return null;
        }
        if (ptr.mayBeNull()) {
            VState other = st.copy();
            VState nullSide = op == JEQ ? other : st;
            VState valueSide = op == JEQ ? st : other;
            markNull(nullSide, ptr.id, true);
            markNull(valueSide, ptr.id, false);
            return new Successors(st, other);
        }
        if (!notNull(ptr)) {
            return new Successors(st, st.copy());
        }
        return op == JEQ ? new Successors(st, null) : new Successors(null, st);
    }

    /**
     * The kernel's {@code reg_not_null}: a map value, map pointer or checked socket whose offset cannot wrap it to 0 is never
     * NULL; a ctx, stack or packet pointer is not assumed non-NULL, so both branches of its test are explored.
     */
    private static boolean notNull(Reg ptr) {
        boolean type = ptr.type == RegType.PTR_TO_MAP_VALUE || ptr.type == RegType.CONST_PTR_TO_MAP || ptr.type.isSocket();
        return type && ptr.var.smin > -AluOps.MAX_VAR_OFF && ptr.var.smax < AluOps.MAX_VAR_OFF;
    }

    /**
     * The kernel's {@code mark_ptr_or_null_regs}: NULL becomes scalar 0 (and a socket reference known NULL
     * needs no release); non-NULL becomes the pointer.
     */
    static void markNull(VState st, int id, boolean isNull) {
        if (isNull) {
            st.refs.removeIf(r -> r.kind() == RefKind.PTR && r.id() == id);
        }
        Regs.forEachWithId(st, id, reg -> {
            if (!reg.mayBeNull()) {
                return reg;
            }
            if (isNull) {
                return Reg.constant(0);
            }
            reg.type = reg.type.notNull();
            if (reg.map == null || reg.map.lockFields().isEmpty()) {
                reg.id = 0;
            }
            return reg;
        });
    }

    /** Marks of a packet pointer's range after a comparison with {@code data_end} ({@code mark_pkt_end}). */
    static final int AT_PKT_END = -1;
    static final int BEYOND_PKT_END = -2;

    /**
     * The kernel's {@code try_match_pkt_pointers} and {@code is_pkt_ptr_branch_taken}: a data pointer
     * compared with {@code data_end} (or a meta pointer with the unmodified data pointer) proves a range on
     * one successor, and on the other marks the data pointer as at or beyond the end; null when the
     * operands are not such a pair.
     */
    private static Successors packet(VState st, int dstReg, int srcReg, Reg dst, Reg src, int op) {
        boolean dstIsData = dst.type == RegType.PTR_TO_PACKET && src.type == RegType.PTR_TO_PACKET_END
                || dst.type == RegType.PTR_TO_PACKET_META && isInitPacket(src);
        boolean srcIsData = dst.type == RegType.PTR_TO_PACKET_END && src.type == RegType.PTR_TO_PACKET
                || isInitPacket(dst) && src.type == RegType.PTR_TO_PACKET_META;
        if (!dstIsData && !srcIsData || op != JGT && op != JLT && op != JGE && op != JLE) {
            return null;
        }
        int taken = branchTaken(dst, src, op);
        if (taken >= 0) {
            return taken == 1 ? new Successors(null, st) : new Successors(st, null);
        }
        VState other = st.copy();
        Reg data = dstIsData ? dst : src;
        int dataReg = dstIsData ? dstReg : srcReg;
        // For "data' OP end": which successor holds data' <= end (proven range, right-open or not) and
        // which data' > end or data' >= end.
        boolean provenOnJump = op == JLT || op == JLE;
        boolean rightOpen = op == JLT || op == JGE;
        boolean beyondOpen = op == JGT || op == JLE;
        if (!dstIsData) {
            provenOnJump = !provenOnJump;
            rightOpen = op == JGT || op == JLE;
            beyondOpen = op == JLT || op == JGE;
        }
        goodPointers(provenOnJump ? other : st, data, rightOpen);
        markPktEnd(provenOnJump ? st : other, dataReg, beyondOpen);
        return new Successors(st, other);
    }

    /** {@code reg_is_init_pkt_pointer}: the data pointer as loaded from the context. */
    private static boolean isInitPacket(Reg r) {
        return r.type == RegType.PTR_TO_PACKET && r.off == 0 && r.var.isConst() && r.var.constValue() == 0;
    }

    /** {@code is_pkt_ptr_branch_taken}: 1 or 0 where a marked data pointer decides the branch, else -1. */
    private static int branchTaken(Reg dst, Reg src, int op) {
        Reg pkt;
        if (src.type == RegType.PTR_TO_PACKET_END) {
            pkt = dst;
        } else if (dst.type == RegType.PTR_TO_PACKET_END) {
            pkt = src;
            op = switch (op) {
                case JGT -> JLT;
                case JLT -> JGT;
                case JGE -> JLE;
                default -> JGE;
            };
        } else {
            return -1;
        }
        if (pkt.range >= 0) {
            return -1;
        }
        return switch (op) {
            case JLE, JGT -> pkt.range == BEYOND_PKT_END ? (op == JGT ? 1 : 0) : -1;
            default -> op == JGE ? 1 : 0;
        };
    }

    /** {@code mark_pkt_end}: the data pointer is beyond {@code data_end} (open) or at or beyond it. */
    private static void markPktEnd(VState st, int regno, boolean rangeOpen) {
        Reg r = st.reg(regno);
        if (r.type != RegType.PTR_TO_PACKET) {
            return;
        }
        Reg n = r.copy();
        n.range = rangeOpen ? BEYOND_PKT_END : AT_PKT_END;
        st.setReg(regno, n);
    }

    private static void goodPointers(VState st, Reg data, boolean rightOpen) {
        if (data.off < 0 || data.off == 0 && rightOpen) {
            return;
        }
        if (Long.compareUnsigned(data.var.umax, 0xffff) > 0 || data.var.umax + data.off > 0xffff) {
            return;
        }
        int range = data.off + (rightOpen ? 1 : 0);
        for (var f : st.frames) {
            for (int r = 0; r < f.regs.length; r++) {
                Reg reg = f.regs[r];
                if (reg.type == data.type && reg.id == data.id && reg.range < range) {
                    Reg n = reg.copy();
                    n.range = range;
                    f.regs[r] = n;
                }
            }
            for (int spi = 0; spi < f.stack.length; spi++) {
                var s = f.stack[spi];
                if (s != null && s.isSpill() && s.spilled.type == data.type && s.spilled.id == data.id
                        && s.spilled.range < range) {
                    var c = s.copy();
                    c.spilled.range = range;
                    f.stack[spi] = c;
                }
            }
        }
    }
}
