package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.SimCpu;

/**
 * Per-map counters for the attach report: operations by kind and lock failures by kind ({@code EDEADLK},
 * {@code ETIMEDOUT}) of the map's internal locks (bucket, trie and free-list locks).
 *
 * <p>Each CPU writes only its own cache line of counters: nested contexts of a CPU run synchronously on
 * its one bound thread, so single-writer opaque increments lose nothing and need no atomic RMW. Readers
 * sum opaque reads (exact once the writers are quiescent).
 */
public final class MapStats {
    /** What is counted. */
    public enum Counter { LOOKUP, UPDATE, DELETE, NEXT_KEY, EDEADLK, ETIMEDOUT }

    private static final int STRIDE = 8; // longs per CPU: one 64-byte line
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts;

    MapStats(int cpus) {
        counts = new long[(cpus + 2) * STRIDE];
    }

    void count(SimCpu cpu, Counter c) {
        int i = (cpu.id() + 1) * STRIDE + c.ordinal();
        SLOT.setOpaque(counts, i, (long) SLOT.getOpaque(counts, i) + 1);
    }

    /** Records a failed internal lock acquisition ({@code r} = -EDEADLK or -ETIMEDOUT). */
    void lockFailed(SimCpu cpu, int r) {
        count(cpu, r == -Errno.EDEADLK ? Counter.EDEADLK : Counter.ETIMEDOUT);
    }

    /** Sum over all CPUs. */
    public long get(Counter c) {
        long sum = 0;
        for (int i = STRIDE + c.ordinal(); i < counts.length - STRIDE; i += STRIDE) {
            sum += (long) SLOT.getOpaque(counts, i);
        }
        return sum;
    }

    /** Lookups + updates + deletes + next-key calls. */
    public long operations() {
        return get(Counter.LOOKUP) + get(Counter.UPDATE) + get(Counter.DELETE) + get(Counter.NEXT_KEY);
    }

    /** Failed internal lock acquisitions. */
    public long lockFailures() {
        return get(Counter.EDEADLK) + get(Counter.ETIMEDOUT);
    }

    @Override
    public String toString() {
        return String.format("ops %d (lookup %d, update %d, delete %d, next-key %d), lock failures: EDEADLK %d, ETIMEDOUT %d",
                operations(), get(Counter.LOOKUP), get(Counter.UPDATE), get(Counter.DELETE), get(Counter.NEXT_KEY),
                get(Counter.EDEADLK), get(Counter.ETIMEDOUT));
    }
}
