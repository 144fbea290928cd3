package org.rqbpf.verifier.domain;

/**
 * A tristate number (the kernel's {@code struct tnum}): for every bit, known 0, known 1 or unknown.
 * A bit is unknown when it is set in {@code mask}; known bits are in {@code value} ({@code value & mask == 0}).
 */
public record Tnum(long value, long mask) {
    public static final Tnum UNKNOWN = new Tnum(0, -1L);
    public static final Tnum ZERO = new Tnum(0, 0);

    public static Tnum constant(long v) {
        return new Tnum(v, 0);
    }

    /** The smallest tnum containing every value of the unsigned range [min, max]. */
    public static Tnum range(long min, long max) {
        long chi = min ^ max;
        int bits = 64 - Long.numberOfLeadingZeros(chi);
        if (bits > 63) {
            return UNKNOWN;
        }
        long delta = (1L << bits) - 1;
        return new Tnum(min & ~delta, delta);
    }

    public boolean isConst() {
        return mask == 0;
    }

    public boolean isUnknown() {
        return mask == -1L;
    }

    public Tnum add(Tnum b) {
        long sm = mask + b.mask;
        long sv = value + b.value;
        long sigma = sm + sv;
        long chi = sigma ^ sv;
        long mu = chi | mask | b.mask;
        return new Tnum(sv & ~mu, mu);
    }

    public Tnum sub(Tnum b) {
        long dv = value - b.value;
        long alpha = dv + mask;
        long beta = dv - b.mask;
        long chi = alpha ^ beta;
        long mu = chi | mask | b.mask;
        return new Tnum(dv & ~mu, mu);
    }

    public Tnum and(Tnum b) {
        long alpha = value | mask;
        long beta = b.value | b.mask;
        long v = value & b.value;
        return new Tnum(v, alpha & beta & ~v);
    }

    public Tnum or(Tnum b) {
        long v = value | b.value;
        long mu = mask | b.mask;
        return new Tnum(v, mu & ~v);
    }

    public Tnum xor(Tnum b) {
        long v = value ^ b.value;
        long mu = mask | b.mask;
        return new Tnum(v & ~mu, mu);
    }

    /** Multiplication as the kernel's {@code tnum_mul} (half-multiply expansion). */
    public Tnum mul(Tnum b) {
        Tnum a = this;
        long accV = a.value * b.value;
        Tnum accM = ZERO;
        Tnum bb = b;
        while (a.value != 0 || a.mask != 0) {
            if ((a.value & 1) != 0) {
                accM = accM.add(new Tnum(0, bb.mask));
            } else if ((a.mask & 1) != 0) {
                accM = accM.add(new Tnum(0, bb.value | bb.mask));
            }
            a = a.rshift(1);
            bb = bb.lshift(1);
        }
        return new Tnum(accV, 0).add(accM);
    }

    public Tnum lshift(int s) {
        return new Tnum(value << s, mask << s);
    }

    public Tnum rshift(int s) {
        return new Tnum(value >>> s, mask >>> s);
    }

    /** Arithmetic shift right of a 64-bit ({@code width == 64}) or 32-bit value. */
    public Tnum arshift(int s, int width) {
        if (width == 32) {
            return new Tnum((((int) value) >> s) & 0xffffffffL, (((int) mask) >> s) & 0xffffffffL);
        }
        return new Tnum(value >> s, mask >> s);
    }

    public Tnum intersect(Tnum b) {
        long v = value | b.value;
        long mu = mask & b.mask;
        return new Tnum(v & ~mu, mu);
    }

    /** True when the two tnums share no value (some bit is known and different). */
    public boolean disjoint(Tnum b) {
        long known = ~mask & ~b.mask;
        return ((value ^ b.value) & known) != 0;
    }

    /** The low 32 bits, zero-extended. */
    public Tnum subreg() {
        return new Tnum(value & 0xffffffffL, mask & 0xffffffffL);
    }

    /** Keeps the upper 32 bits of this and takes the low 32 bits from {@code sub}. */
    public Tnum withSubreg(Tnum sub) {
        long hiV = value & ~0xffffffffL;
        long hiM = mask & ~0xffffffffL;
        return new Tnum(hiV | (sub.value & 0xffffffffL), hiM | (sub.mask & 0xffffffffL));
    }

    /** Truncates to {@code size} bytes (zero-extending). */
    public Tnum cast(int size) {
        if (size >= 8) {
            return this;
        }
        long m = (1L << (size * 8)) - 1;
        return new Tnum(value & m, mask & m);
    }

    /** True when every value of {@code b} is a value of this (the kernel's {@code tnum_in(this, b)}). */
    public boolean contains(Tnum b) {
        if ((b.mask & ~mask) != 0) {
            return false;
        }
        return (b.value & ~mask) == value;
    }

    public boolean isAligned(long size) {
        return ((value | mask) & (size - 1)) == 0;
    }

    /**
     * The kernel's {@code tnum_strn} as Linux 6.18 prints it: {@code (0x0; 0xff)}, and a constant as C's
     * {@code %#llx} ({@code 0}, {@code 0x10}).
     */
    @Override
    public String toString() {
        if (mask == 0) {
            return value == 0 ? "0" : "0x" + Long.toHexString(value);
        }
        return "(0x" + Long.toHexString(value) + "; 0x" + Long.toHexString(mask) + ")";
    }
}
