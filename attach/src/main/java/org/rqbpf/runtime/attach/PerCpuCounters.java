package org.rqbpf.runtime.attach;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters with one padded block per CPU. Every CPU's block is written only by the thread bound to that
 * CPU (nested contexts of a CPU run on that one thread), so an opaque read-add-write loses nothing and no
 * atomic read-modify-write is needed; readers sum opaque reads, exact once the writers have stopped.
 */
final class PerCpuCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int stride;
    private final long[] counts;

    PerCpuCounters(int cpus, int slots) {
        this.stride = (slots + 7) & ~7;
        // One spare block before the first CPU and after the last keeps neighbours off their cache lines.
        this.counts = new long[(cpus + 2) * stride];
    }

    void add(int cpu, int slot, long delta) {
        int i = (cpu + 1) * stride + slot;
        SLOT.setOpaque(counts, i, (long) SLOT.getOpaque(counts, i) + delta);
    }

    /** Sum over all CPUs. */
    long sum(int slot) {
        long s = 0;
        for (int i = stride + slot; i < counts.length - stride; i += stride) {
            s += (long) SLOT.getOpaque(counts, i);
        }
        return s;
    }
}
