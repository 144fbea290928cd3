package org.rqbpf.runtime.attach;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often a program returned each {@code r0} (its verdicts: {@code XDP_PASS}, {@code TC_ACT_OK}...):
 * the first {@link #DISTINCT} distinct values per CPU are counted exactly, later ones as "other". One
 * instance per CPU, written by that CPU's thread, merged after the run.
 */
final class ReturnValues {
    static final int DISTINCT = 8;

    private final long[] values = new long[DISTINCT];
    private final long[] counts = new long[DISTINCT];
    private int used;
    private long other;

    void record(long r0) {
        for (int i = 0; i < used; i++) {
            if (values[i] == r0) {
                counts[i]++;
                return;
            }
        }
        if (used < DISTINCT) {
            values[used] = r0;
            counts[used++] = 1;
        } else {
            other++;
        }
    }

    /** The merged exact counts of several CPUs, by value in ascending order. */
    static Map<Long, Long> merge(ReturnValues[] perCpu) {
        TreeMap<Long, Long> m = new TreeMap<>();
        for (ReturnValues v : perCpu) {
            if (v == null) {
                continue;
            }
            for (int i = 0; i < v.used; i++) {
                m.merge(v.values[i], v.counts[i], Long::sum);
            }
        }
        return new LinkedHashMap<>(m);
    }

    /** Returns outside the exactly counted values, over several CPUs. */
    static long other(ReturnValues[] perCpu) {
        return Arrays.stream(perCpu).filter(v -> v != null).mapToLong(v -> v.other).sum();
    }
}
