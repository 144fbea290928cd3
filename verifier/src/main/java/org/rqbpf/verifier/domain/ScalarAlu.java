package org.rqbpf.verifier.domain;

import static org.rqbpf.isa.Bpf.ADD;
import static org.rqbpf.isa.Bpf.AND;
import static org.rqbpf.isa.Bpf.ARSH;
import static org.rqbpf.isa.Bpf.DIV;
import static org.rqbpf.isa.Bpf.LSH;
import static org.rqbpf.isa.Bpf.MOD;
import static org.rqbpf.isa.Bpf.MUL;
import static org.rqbpf.isa.Bpf.NEG;
import static org.rqbpf.isa.Bpf.OR;
import static org.rqbpf.isa.Bpf.RSH;
import static org.rqbpf.isa.Bpf.SUB;
import static org.rqbpf.isa.Bpf.XOR;

import org.rqbpf.isa.Semantics;

/**
 * Transfer functions of the scalar domain for the ALU operations (the kernel's
 * {@code adjust_scalar_min_max_vals}): a 64-bit operation updates the 64- and 32-bit bounds, a 32-bit
 * one updates the 32-bit bounds and zero-extends. Two constant operands are evaluated exactly with the
 * RFC 9669 semantics, except where Linux 6.18 learns nothing: division and modulo (signed or not) always
 * give an unknown scalar, and so does a shift by a constant at or above the operation's width, whose
 * result BPF leaves undefined ({@code is_safe_to_compute_dst_reg_range}).
 */
public final class ScalarAlu {
    private ScalarAlu() {}

    /**
     * {@code dst = dst OP src}. {@code off} is the instruction's offset (1 selects signed division and
     * modulo).
     */
    public static void apply(int op, Scalar dst, Scalar src, boolean alu64, int off) {
        if (op == DIV || op == MOD || isShift(op) && !shiftInRange(src, alu64)) {
            dst.setUnknown(); // all 64 bits, for 32-bit operations too: Linux returns before zero-extending
            return;
        }
        boolean constants = alu64 ? dst.isConst() && src.isConst() : dst.isConst32() && src.isConst32();
        if (constants || op == NEG && (alu64 ? dst.isConst() : dst.isConst32())) {
            long v = alu64 ? Semantics.alu64(op, dst.constValue(), src.constValue(), off)
                    : Semantics.alu32(op, dst.constValue(), src.constValue(), off);
            dst.setConst(v);
            return;
        }
        switch (op) {
            case ADD -> {
                add32(dst, src);
                if (alu64) {
                    add64(dst, src);
                }
                dst.tnum = dst.tnum.add(src.tnum);
            }
            case SUB -> {
                sub32(dst, src);
                if (alu64) {
                    sub64(dst, src);
                }
                dst.tnum = dst.tnum.sub(src.tnum);
            }
            case MUL -> {
                mul32(dst, src);
                if (alu64) {
                    mul64(dst, src);
                }
                dst.tnum = dst.tnum.mul(src.tnum);
            }
            case AND, OR, XOR -> bitwise(op, dst, src, alu64);
            case LSH, RSH, ARSH -> shift(op, dst, src, alu64);
            default -> dst.setUnknown();
        }
        if (!alu64) {
            dst.zext32();
        }
        dst.sync();
    }

    private static boolean isShift(int op) {
        return op == LSH || op == RSH || op == ARSH;
    }

    /** A shift amount Linux computes a range for: a constant below the width. */
    private static boolean shiftInRange(Scalar src, boolean alu64) {
        return alu64 ? src.isConst() && Long.compareUnsigned(src.constValue(), 64) < 0
                : src.isConst32() && Integer.compareUnsigned((int) src.constValue(), 32) < 0;
    }

    private static void add64(Scalar d, Scalar s) {
        long lo = d.smin + s.smin;
        long hi = d.smax + s.smax;
        if (addOverflows(d.smin, s.smin, lo) || addOverflows(d.smax, s.smax, hi)) {
            d.smin = Long.MIN_VALUE;
            d.smax = Long.MAX_VALUE;
        } else {
            d.smin = lo;
            d.smax = hi;
        }
        long ulo = d.umin + s.umin;
        long uhi = d.umax + s.umax;
        if (Long.compareUnsigned(ulo, d.umin) < 0 || Long.compareUnsigned(uhi, d.umax) < 0) {
            d.umin = 0;
            d.umax = -1L;
        } else {
            d.umin = ulo;
            d.umax = uhi;
        }
    }

    private static void add32(Scalar d, Scalar s) {
        long lo = (long) d.s32min + s.s32min;
        long hi = (long) d.s32max + s.s32max;
        if (lo < Integer.MIN_VALUE || hi > Integer.MAX_VALUE) {
            d.s32min = Integer.MIN_VALUE;
            d.s32max = Integer.MAX_VALUE;
        } else {
            d.s32min = (int) lo;
            d.s32max = (int) hi;
        }
        long ulo = u(d.u32min) + u(s.u32min);
        long uhi = u(d.u32max) + u(s.u32max);
        if (uhi > 0xffffffffL) {
            d.u32min = 0;
            d.u32max = -1;
        } else {
            d.u32min = (int) ulo;
            d.u32max = (int) uhi;
        }
    }

    private static void sub64(Scalar d, Scalar s) {
        long lo = d.smin - s.smax;
        long hi = d.smax - s.smin;
        if (subOverflows(d.smin, s.smax, lo) || subOverflows(d.smax, s.smin, hi)) {
            d.smin = Long.MIN_VALUE;
            d.smax = Long.MAX_VALUE;
        } else {
            d.smin = lo;
            d.smax = hi;
        }
        if (Long.compareUnsigned(d.umin, s.umax) < 0) {
            d.umin = 0;
            d.umax = -1L;
        } else {
            long ulo = d.umin - s.umax;
            d.umax = d.umax - s.umin;
            d.umin = ulo;
        }
    }

    private static void sub32(Scalar d, Scalar s) {
        long lo = (long) d.s32min - s.s32max;
        long hi = (long) d.s32max - s.s32min;
        if (lo < Integer.MIN_VALUE || hi > Integer.MAX_VALUE) {
            d.s32min = Integer.MIN_VALUE;
            d.s32max = Integer.MAX_VALUE;
        } else {
            d.s32min = (int) lo;
            d.s32max = (int) hi;
        }
        if (u(d.u32min) < u(s.u32max)) {
            d.u32min = 0;
            d.u32max = -1;
        } else {
            int ulo = d.u32min - s.u32max;
            d.u32max = d.u32max - s.u32min;
            d.u32min = ulo;
        }
    }

    private static void mul64(Scalar d, Scalar s) {
        if (umulOverflows(d.umax, s.umax)) {
            d.umin = 0;
            d.umax = -1L;
        } else {
            d.umin = d.umin * s.umin;
            d.umax = d.umax * s.umax;
        }
        try {
            long a = Math.multiplyExact(d.smin, s.smin);
            long b = Math.multiplyExact(d.smin, s.smax);
            long c = Math.multiplyExact(d.smax, s.smin);
            long e = Math.multiplyExact(d.smax, s.smax);
            d.smin = Math.min(Math.min(a, b), Math.min(c, e));
            d.smax = Math.max(Math.max(a, b), Math.max(c, e));
        } catch (ArithmeticException overflow) {
            d.smin = Long.MIN_VALUE;
            d.smax = Long.MAX_VALUE;
        }
    }

    private static void mul32(Scalar d, Scalar s) {
        long uhi = u(d.u32max) * u(s.u32max);
        if (uhi > 0xffffffffL) {
            d.u32min = 0;
            d.u32max = -1;
        } else {
            d.u32min = (int) (u(d.u32min) * u(s.u32min));
            d.u32max = (int) uhi;
        }
        long a = (long) d.s32min * s.s32min;
        long b = (long) d.s32min * s.s32max;
        long c = (long) d.s32max * s.s32min;
        long e = (long) d.s32max * s.s32max;
        long lo = Math.min(Math.min(a, b), Math.min(c, e));
        long hi = Math.max(Math.max(a, b), Math.max(c, e));
        if (lo < Integer.MIN_VALUE || hi > Integer.MAX_VALUE) {
            d.s32min = Integer.MIN_VALUE;
            d.s32max = Integer.MAX_VALUE;
        } else {
            d.s32min = (int) lo;
            d.s32max = (int) hi;
        }
    }

    private static void bitwise(int op, Scalar d, Scalar s, boolean alu64) {
        Tnum t = switch (op) {
            case AND -> d.tnum.and(s.tnum);
            case OR -> d.tnum.or(s.tnum);
            default -> d.tnum.xor(s.tnum);
        };
        Tnum t32 = t.subreg();
        int lo32 = switch (op) {
            case OR -> Scalar.umax32(d.u32min, s.u32min);
            default -> (int) t32.value();
        };
        int hi32 = switch (op) {
            case AND -> Scalar.umin32(d.u32max, s.u32max);
            default -> (int) (t32.value() | t32.mask());
        };
        d.u32min = lo32;
        d.u32max = hi32;
        if (lo32 <= hi32) {
            d.s32min = lo32;
            d.s32max = hi32;
        } else {
            d.s32min = Integer.MIN_VALUE;
            d.s32max = Integer.MAX_VALUE;
        }
        if (alu64) {
            long lo = op == OR ? Scalar.umax64(d.umin, s.umin) : t.value();
            long hi = op == AND ? Scalar.umin64(d.umax, s.umax) : t.value() | t.mask();
            d.umin = lo;
            d.umax = hi;
            if (lo <= hi) {
                d.smin = lo;
                d.smax = hi;
            } else {
                d.smin = Long.MIN_VALUE;
                d.smax = Long.MAX_VALUE;
            }
        }
        d.tnum = t;
    }

    private static void shift(int op, Scalar d, Scalar s, boolean alu64) {
        int width = alu64 ? 64 : 32;
        int sh = (int) ((alu64 ? s.constValue() : s.constValue() & 0xffffffffL) & (width - 1));
        if (alu64) {
            d.unknown32();
            switch (op) {
                case LSH -> {
                    d.smin = Long.MIN_VALUE;
                    d.smax = Long.MAX_VALUE;
                    if (sh > 0 && Long.compareUnsigned(d.umax, 1L << (63 - sh)) > 0) {
                        d.umin = 0;
                        d.umax = -1L;
                    } else {
                        d.umin <<= sh;
                        d.umax <<= sh;
                    }
                    d.tnum = d.tnum.lshift(sh);
                }
                case RSH -> {
                    d.smin = Long.MIN_VALUE;
                    d.smax = Long.MAX_VALUE;
                    d.umin >>>= sh;
                    d.umax >>>= sh;
                    d.tnum = d.tnum.rshift(sh);
                }
                default -> {
                    d.smin >>= sh;
                    d.smax >>= sh;
                    d.umin = 0;
                    d.umax = -1L;
                    d.tnum = d.tnum.arshift(sh, 64);
                }
            }
            return;
        }
        Tnum t = d.tnum.subreg();
        switch (op) {
            case LSH -> {
                d.s32min = Integer.MIN_VALUE;
                d.s32max = Integer.MAX_VALUE;
                if (sh > 0 && u(d.u32max) > (1L << (31 - sh))) {
                    d.u32min = 0;
                    d.u32max = -1;
                } else {
                    d.u32min <<= sh;
                    d.u32max <<= sh;
                }
                d.tnum = t.lshift(sh).subreg();
            }
            case RSH -> {
                d.s32min = Integer.MIN_VALUE;
                d.s32max = Integer.MAX_VALUE;
                d.u32min >>>= sh;
                d.u32max >>>= sh;
                d.tnum = t.rshift(sh);
            }
            default -> {
                d.s32min >>= sh;
                d.s32max >>= sh;
                d.u32min = 0;
                d.u32max = -1;
                d.tnum = t.arshift(sh, 32);
            }
        }
    }

    private static long u(int v) {
        return v & 0xffffffffL;
    }

    private static boolean addOverflows(long a, long b, long r) {
        return ((a ^ r) & (b ^ r)) < 0;
    }

    private static boolean subOverflows(long a, long b, long r) {
        return ((a ^ b) & (a ^ r)) < 0;
    }

    private static boolean umulOverflows(long a, long b) {
        return a != 0 && Long.compareUnsigned(b, Long.divideUnsigned(-1L, a)) > 0;
    }
}
