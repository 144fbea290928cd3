package org.rqbpf.verifier.domain;

import static org.rqbpf.isa.Bpf.JEQ;
import static org.rqbpf.isa.Bpf.JGE;
import static org.rqbpf.isa.Bpf.JGT;
import static org.rqbpf.isa.Bpf.JLE;
import static org.rqbpf.isa.Bpf.JLT;
import static org.rqbpf.isa.Bpf.JNE;
import static org.rqbpf.isa.Bpf.JSET;
import static org.rqbpf.isa.Bpf.JSGE;
import static org.rqbpf.isa.Bpf.JSGT;
import static org.rqbpf.isa.Bpf.JSLE;
import static org.rqbpf.isa.Bpf.JSLT;

/**
 * What a conditional jump teaches about its two scalar operands (the kernel's {@code reg_set_min_max}):
 * {@link #refine} narrows copies of both operands so that {@code a OP b} holds, and reports whether that
 * is possible at all, which also decides branches whose outcome is known ({@code is_branch_taken}).
 */
public final class BranchRefiner {
    /** The negation of {@link org.rqbpf.isa.Bpf#JSET}: {@code (a & b) == 0}. */
    public static final int JSET_NOT = -1;

    private BranchRefiner() {}

    /** The operation that holds on the fall-through of a jump with operation {@code op}. */
    public static int negate(int op) {
        return switch (op) {
            case JEQ -> JNE;
            case JNE -> JEQ;
            case JGT -> JLE;
            case JLE -> JGT;
            case JGE -> JLT;
            case JLT -> JGE;
            case JSGT -> JSLE;
            case JSLE -> JSGT;
            case JSGE -> JSLT;
            case JSLT -> JSGE;
            case JSET -> JSET_NOT;
            default -> JSET;
        };
    }

    /** Narrows {@code a} and {@code b} in place so that {@code a OP b}; false when no values satisfy it. */
    public static boolean refine(int op, Scalar a, Scalar b, boolean jmp32) {
        boolean ok = jmp32 ? refine32(op, a, b) : refine64(op, a, b);
        if (!ok) {
            return false;
        }
        a.sync();
        b.sync();
        return a.feasible() && b.feasible();
    }

    private static boolean refine64(int op, Scalar a, Scalar b) {
        switch (op) {
            case JEQ -> {
                if (a.tnum.disjoint(b.tnum)) {
                    return false;
                }
                long smin = Math.max(a.smin, b.smin), smax = Math.min(a.smax, b.smax);
                long umin = Scalar.umax64(a.umin, b.umin), umax = Scalar.umin64(a.umax, b.umax);
                int s32min = Math.max(a.s32min, b.s32min), s32max = Math.min(a.s32max, b.s32max);
                int u32min = Scalar.umax32(a.u32min, b.u32min), u32max = Scalar.umin32(a.u32max, b.u32max);
                Tnum t = a.tnum.intersect(b.tnum);
                for (Scalar s : new Scalar[] {a, b}) {
                    s.smin = smin;
                    s.smax = smax;
                    s.umin = umin;
                    s.umax = umax;
                    s.s32min = s32min;
                    s.s32max = s32max;
                    s.u32min = u32min;
                    s.u32max = u32max;
                    s.tnum = t;
                }
                return true;
            }
            case JNE -> {
                if (a.isConst() && b.isConst()) {
                    return a.constValue() != b.constValue();
                }
                if (b.isConst()) {
                    excludeBoundary64(a, b.constValue());
                } else if (a.isConst()) {
                    excludeBoundary64(b, a.constValue());
                }
                return true;
            }
            case JGT -> {
                if (b.umin == -1L || a.umax == 0) {
                    return false;
                }
                a.umin = Scalar.umax64(a.umin, b.umin + 1);
                b.umax = Scalar.umin64(b.umax, a.umax - 1);
                return true;
            }
            case JGE -> {
                a.umin = Scalar.umax64(a.umin, b.umin);
                b.umax = Scalar.umin64(b.umax, a.umax);
                return true;
            }
            case JLT -> {
                return refine64(JGT, b, a);
            }
            case JLE -> {
                return refine64(JGE, b, a);
            }
            case JSGT -> {
                if (b.smin == Long.MAX_VALUE || a.smax == Long.MIN_VALUE) {
                    return false;
                }
                a.smin = Math.max(a.smin, b.smin + 1);
                b.smax = Math.min(b.smax, a.smax - 1);
                return true;
            }
            case JSGE -> {
                a.smin = Math.max(a.smin, b.smin);
                b.smax = Math.min(b.smax, a.smax);
                return true;
            }
            case JSLT -> {
                return refine64(JSGT, b, a);
            }
            case JSLE -> {
                return refine64(JSGE, b, a);
            }
            case JSET -> {
                return jset(a, b, false) && jset(b, a, false);
            }
            default -> {
                return jsetNot(a, b, false) && jsetNot(b, a, false);
            }
        }
    }

    private static boolean refine32(int op, Scalar a, Scalar b) {
        switch (op) {
            case JEQ -> {
                if (a.tnum.subreg().disjoint(b.tnum.subreg())) {
                    return false;
                }
                int s32min = Math.max(a.s32min, b.s32min), s32max = Math.min(a.s32max, b.s32max);
                int u32min = Scalar.umax32(a.u32min, b.u32min), u32max = Scalar.umin32(a.u32max, b.u32max);
                Tnum t = a.tnum.subreg().intersect(b.tnum.subreg());
                for (Scalar s : new Scalar[] {a, b}) {
                    s.s32min = s32min;
                    s.s32max = s32max;
                    s.u32min = u32min;
                    s.u32max = u32max;
                    s.tnum = s.tnum.withSubreg(t);
                }
                return true;
            }
            case JNE -> {
                if (a.isConst32() && b.isConst32()) {
                    return (int) a.constValue() != (int) b.constValue();
                }
                if (b.isConst32()) {
                    excludeBoundary32(a, (int) b.constValue());
                } else if (a.isConst32()) {
                    excludeBoundary32(b, (int) a.constValue());
                }
                return true;
            }
            case JGT -> {
                if (b.u32min == -1 || a.u32max == 0) {
                    return false;
                }
                a.u32min = Scalar.umax32(a.u32min, b.u32min + 1);
                b.u32max = Scalar.umin32(b.u32max, a.u32max - 1);
                return true;
            }
            case JGE -> {
                a.u32min = Scalar.umax32(a.u32min, b.u32min);
                b.u32max = Scalar.umin32(b.u32max, a.u32max);
                return true;
            }
            case JLT -> {
                return refine32(JGT, b, a);
            }
            case JLE -> {
                return refine32(JGE, b, a);
            }
            case JSGT -> {
                if (b.s32min == Integer.MAX_VALUE || a.s32max == Integer.MIN_VALUE) {
                    return false;
                }
                a.s32min = Math.max(a.s32min, b.s32min + 1);
                b.s32max = Math.min(b.s32max, a.s32max - 1);
                return true;
            }
            case JSGE -> {
                a.s32min = Math.max(a.s32min, b.s32min);
                b.s32max = Math.min(b.s32max, a.s32max);
                return true;
            }
            case JSLT -> {
                return refine32(JSGT, b, a);
            }
            case JSLE -> {
                return refine32(JSGE, b, a);
            }
            case JSET -> {
                return jset(a, b, true) && jset(b, a, true);
            }
            default -> {
                return jsetNot(a, b, true) && jsetNot(b, a, true);
            }
        }
    }

    /** {@code (a & b) != 0} with {@code b} constant: a single-bit mask sets that bit of {@code a}. */
    private static boolean jset(Scalar a, Scalar b, boolean jmp32) {
        if (!(jmp32 ? b.isConst32() : b.isConst())) {
            return true;
        }
        long m = jmp32 ? b.constValue() & 0xffffffffL : b.constValue();
        if (((a.tnum.value() | a.tnum.mask()) & m) == 0) {
            return false;
        }
        if (Long.bitCount(m) == 1) {
            a.tnum = a.tnum.or(Tnum.constant(m));
        }
        return true;
    }

    /** {@code (a & b) == 0} with {@code b} constant: the bits of {@code b} are clear in {@code a}. */
    private static boolean jsetNot(Scalar a, Scalar b, boolean jmp32) {
        if (!(jmp32 ? b.isConst32() : b.isConst())) {
            return true;
        }
        long m = jmp32 ? b.constValue() & 0xffffffffL : b.constValue();
        if ((a.tnum.value() & m) != 0) {
            return false;
        }
        a.tnum = a.tnum.and(Tnum.constant(~m));
        return true;
    }

    private static void excludeBoundary64(Scalar a, long v) {
        if (a.umin == v) {
            a.umin++;
        }
        if (a.umax == v) {
            a.umax--;
        }
        if (a.smin == v) {
            a.smin++;
        }
        if (a.smax == v) {
            a.smax--;
        }
    }

    private static void excludeBoundary32(Scalar a, int v) {
        if (a.u32min == v) {
            a.u32min++;
        }
        if (a.u32max == v) {
            a.u32max--;
        }
        if (a.s32min == v) {
            a.s32min++;
        }
        if (a.s32max == v) {
            a.s32max--;
        }
    }
}
