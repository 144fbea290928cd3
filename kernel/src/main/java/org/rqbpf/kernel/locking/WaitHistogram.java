package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Log-linear histogram of wait times in nanoseconds: 4 sub-buckets per power of two, so a percentile is
 * reported within 19% of the true value. One writer (the owning CPU's thread, opaque stores: its own
 * increments are exact, readers see each count eventually and never torn); any number of readers.
 */
public final class WaitHistogram {
    static final int SUB_BITS = 2;
    static final int BUCKETS = 64 << SUB_BITS;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    final long[] counts = new long[BUCKETS];

    /** Bucket of a wait of {@code nanos} (negative counts as 0). */
    static int bucket(long nanos) {
        if (nanos < (1 << SUB_BITS)) {
            return (int) Math.max(0, nanos);
        }
        int exp = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exp - SUB_BITS)) & ((1 << SUB_BITS) - 1);
        return ((exp - SUB_BITS + 1) << SUB_BITS) + sub;
    }

    /** Largest value that falls in {@code bucket}. */
    static long upperBound(int bucket) {
        if (bucket < (1 << SUB_BITS)) {
            return bucket;
        }
        int exp = (bucket >>> SUB_BITS) + SUB_BITS - 1;
        int sub = bucket & ((1 << SUB_BITS) - 1);
        long lower = (1L << exp) + ((long) sub << (exp - SUB_BITS));
        long width = 1L << (exp - SUB_BITS);
        return exp >= 62 ? Long.MAX_VALUE : lower + width - 1;
    }

    /** Records one wait; single writer (the owning thread). */
    public void record(long nanos) {
        int b = bucket(nanos);
        SLOT.setOpaque(counts, b, (long) SLOT.getOpaque(counts, b) + 1);
    }

    long get(int b) {
        return (long) SLOT.getOpaque(counts, b);
    }

    /** Merges histograms into bucket counts for {@link #percentile}. */
    public static long[] sum(Iterable<WaitHistogram> hs) {
        long[] out = new long[BUCKETS];
        for (WaitHistogram h : hs) {
            for (int b = 0; b < BUCKETS; b++) {
                out[b] += h.get(b);
            }
        }
        return out;
    }

    /** The {@code p}-th percentile (0..100) of a summed histogram, as a bucket upper bound; 0 if empty. */
    public static long percentile(long[] counts, double p) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        rank = Math.max(1, Math.min(total, rank));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return upperBound(b);
            }
        }
        return upperBound(counts.length - 1);
    }
}
