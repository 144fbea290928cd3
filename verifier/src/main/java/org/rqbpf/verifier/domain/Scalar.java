package org.rqbpf.verifier.domain;

/**
 * The value knowledge of a scalar (or of a pointer's variable offset): a {@link Tnum} plus signed and
 * unsigned bounds in 64 and 32 bits, kept consistent by {@link #sync()} (the kernel's
 * {@code reg_bounds_sync}). Unsigned bounds are stored in signed Java types and compared with
 * {@link Long#compareUnsigned} / {@link Integer#compareUnsigned}.
 */
public final class Scalar {
    public long smin, smax, umin, umax;
    public int s32min, s32max, u32min, u32max;
    public Tnum tnum;

    private Scalar() {}

    public static Scalar unknown() {
        Scalar s = new Scalar();
        s.setUnknown();
        return s;
    }

    public static Scalar constant(long v) {
        Scalar s = new Scalar();
        s.setConst(v);
        return s;
    }

    /** An unknown value known to lie in the unsigned 64-bit range [lo, hi]. */
    public static Scalar unsignedRange(long lo, long hi) {
        Scalar s = unknown();
        s.umin = lo;
        s.umax = hi;
        s.sync();
        return s;
    }

    /** An unknown value in the signed 64-bit range [lo, hi] whose low 32 bits lie in the signed range [lo32, hi32]. */
    public static Scalar signedRange(long lo, long hi, int lo32, int hi32) {
        Scalar s = unknown();
        s.smin = lo;
        s.smax = hi;
        s.s32min = lo32;
        s.s32max = hi32;
        s.sync();
        return s;
    }

    public Scalar copy() {
        Scalar s = new Scalar();
        s.copyFrom(this);
        return s;
    }

    /** Makes this scalar equal to {@code s} (all bounds and the tnum). */
    public void copyFrom(Scalar s) {
        smin = s.smin;
        smax = s.smax;
        umin = s.umin;
        umax = s.umax;
        s32min = s.s32min;
        s32max = s.s32max;
        u32min = s.u32min;
        u32max = s.u32max;
        tnum = s.tnum;
    }

    public void setUnknown() {
        smin = Long.MIN_VALUE;
        smax = Long.MAX_VALUE;
        umin = 0;
        umax = -1L;
        unknown32();
        tnum = Tnum.UNKNOWN;
    }

    void unknown64() {
        smin = Long.MIN_VALUE;
        smax = Long.MAX_VALUE;
        umin = 0;
        umax = -1L;
    }

    void unknown32() {
        s32min = Integer.MIN_VALUE;
        s32max = Integer.MAX_VALUE;
        u32min = 0;
        u32max = -1;
    }

    public void setConst(long v) {
        smin = smax = umin = umax = v;
        s32min = s32max = u32min = u32max = (int) v;
        tnum = Tnum.constant(v);
    }

    public boolean isConst() {
        return tnum.isConst();
    }

    public long constValue() {
        return tnum.value();
    }

    /** True when the low 32 bits are known. */
    public boolean isConst32() {
        return (tnum.mask() & 0xffffffffL) == 0;
    }

    public boolean isUnknown() {
        return tnum.isUnknown() && smin == Long.MIN_VALUE && smax == Long.MAX_VALUE && umin == 0 && umax == -1L
                && s32min == Integer.MIN_VALUE && s32max == Integer.MAX_VALUE && u32min == 0 && u32max == -1;
    }

    /** Sets the 64-bit knowledge from the 32-bit one, as a 32-bit ALU result's zero extension does. */
    public void zext32() {
        tnum = tnum.subreg();
        umin = u32min & 0xffffffffL;
        umax = u32max & 0xffffffffL;
        smin = umin;
        smax = umax;
    }

    /** The kernel's {@code reg_bounds_sync}: tighten each bound from the others and the tnum. */
    public void sync() {
        updateBounds();
        deduceBounds();
        deduceBounds();
        boundOffset();
        updateBounds();
    }

    private void updateBounds() {
        Tnum t32 = tnum.subreg();
        int v32 = (int) t32.value();
        int m32 = (int) t32.mask();
        s32min = Math.max(s32min, v32 | (m32 & Integer.MIN_VALUE));
        s32max = Math.min(s32max, v32 | (m32 & Integer.MAX_VALUE));
        u32min = umax32(u32min, v32);
        u32max = umin32(u32max, v32 | m32);
        long v = tnum.value();
        long m = tnum.mask();
        smin = Math.max(smin, v | (m & Long.MIN_VALUE));
        smax = Math.min(smax, v | (m & Long.MAX_VALUE));
        umin = umax64(umin, v);
        umax = umin64(umax, v | m);
    }

    private void deduceBounds() {
        // 32-bit signed <-> unsigned when the range does not cross the sign boundary.
        if (u32min <= u32max) {
            s32min = Math.max(s32min, u32min);
            s32max = Math.min(s32max, u32max);
        }
        if (Integer.compareUnsigned(s32min, s32max) <= 0) {
            u32min = umax32(u32min, s32min);
            u32max = umin32(u32max, s32max);
        } else if (s32min > s32max) {
            return; // contradictory bounds: an infeasible branch, left for feasible() to see
        } else if (Integer.compareUnsigned(u32max, s32min) < 0) {
            // The signed range crosses the sign boundary and the unsigned one meets only its
            // non-negative part: both become that part.
            s32min = u32min;
            u32max = umin32(u32max, s32max);
        } else if (Integer.compareUnsigned(s32max, u32min) < 0) {
            // ... or only its negative part.
            s32max = u32max;
            u32min = umax32(u32min, s32min);
        }
        // 64 -> 32 when the upper halves agree.
        if ((umin >>> 32) == (umax >>> 32)) {
            u32min = umax32(u32min, (int) umin);
            u32max = umin32(u32max, (int) umax);
            if ((int) umin <= (int) umax) {
                s32min = Math.max(s32min, (int) umin);
                s32max = Math.min(s32max, (int) umax);
            }
        }
        if ((smin >> 32) == (smax >> 32)) {
            if (Integer.compareUnsigned((int) smin, (int) smax) <= 0) {
                u32min = umax32(u32min, (int) smin);
                u32max = umin32(u32max, (int) smax);
            }
            if ((int) smin <= (int) smax) {
                s32min = Math.max(s32min, (int) smin);
                s32max = Math.min(s32max, (int) smax);
            }
        }
        // Upper halves one apart (0xffffffff to 0 included) and low halves going from negative to
        // non-negative: the low halves still form an s32 range ([-1, 1] gives s32 [-1, 1]).
        if ((int) (umin >>> 32) + 1 == (int) (umax >>> 32) && (int) umin < 0 && (int) umax >= 0) {
            s32min = Math.max(s32min, (int) umin);
            s32max = Math.min(s32max, (int) umax);
        }
        if ((int) (smin >> 32) + 1 == (int) (smax >> 32) && (int) smin < 0 && (int) smax >= 0) {
            s32min = Math.max(s32min, (int) smin);
            s32max = Math.min(s32max, (int) smax);
        }
        // 64-bit signed <-> unsigned.
        if (Long.compareUnsigned(smin, smax) <= 0) {
            umin = umax64(umin, smin);
            umax = umin64(umax, smax);
        } else if (smin > smax) {
            return;
        } else if (Long.compareUnsigned(umax, smin) < 0) {
            // Linux 6.18: a signed range across the sign boundary that the unsigned range meets at one
            // end only is that end.
            smin = umin;
            umax = umin64(umax, smax);
        } else if (Long.compareUnsigned(smax, umin) < 0) {
            smax = umax;
            umin = umax64(umin, smin);
        }
        if (umin <= umax) {
            smin = Math.max(smin, umin);
            smax = Math.min(smax, umax);
        }
        // 32 -> 64: the upper halves with the known lower halves still bound the value.
        long newUmin = (umin & ~0xffffffffL) | (u32min & 0xffffffffL);
        long newUmax = (umax & ~0xffffffffL) | (u32max & 0xffffffffL);
        umin = umax64(umin, newUmin);
        umax = umin64(umax, newUmax);
        long newSmin = (smin & ~0xffffffffL) | (u32min & 0xffffffffL);
        long newSmax = (smax & ~0xffffffffL) | (u32max & 0xffffffffL);
        smin = Math.max(smin, newSmin);
        smax = Math.min(smax, newSmax);
    }

    private void boundOffset() {
        Tnum t64 = tnum.intersect(Tnum.range(umin, umax));
        Tnum t32 = t64.subreg().intersect(Tnum.range(u32min & 0xffffffffL, u32max & 0xffffffffL));
        tnum = t64.withSubreg(t32);
    }

    /** False when the bounds contradict each other (an infeasible branch). */
    public boolean feasible() {
        if (smin > smax || Long.compareUnsigned(umin, umax) > 0 || s32min > s32max
                || Integer.compareUnsigned(u32min, u32max) > 0) {
            return false;
        }
        if ((tnum.value() & tnum.mask()) != 0) {
            return false;
        }
        return Long.compareUnsigned(tnum.value(), umax) <= 0
                && Long.compareUnsigned(tnum.value() | tnum.mask(), umin) >= 0;
    }

    /** Range and tnum inclusion: every value this may hold is one {@code old} may hold. */
    public boolean within(Scalar old) {
        return old.smin <= smin && smax <= old.smax
                && Long.compareUnsigned(old.umin, umin) <= 0 && Long.compareUnsigned(umax, old.umax) <= 0
                && old.s32min <= s32min && s32max <= old.s32max
                && Integer.compareUnsigned(old.u32min, u32min) <= 0 && Integer.compareUnsigned(u32max, old.u32max) <= 0
                && old.tnum.contains(tnum);
    }

    public boolean sameAs(Scalar o) {
        return smin == o.smin && smax == o.smax && umin == o.umin && umax == o.umax && s32min == o.s32min
                && s32max == o.s32max && u32min == o.u32min && u32max == o.u32max && tnum.equals(o.tnum);
    }

    static long umax64(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    static long umin64(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static int umax32(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }

    static int umin32(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
