package org.rqbpf.maps;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Elements allocated on demand ({@code BPF_F_NO_PREALLOC}). The kernel frees such elements after an RCU
 * grace period, so a program that looked one up never sees it reused. This pool simulates that: a freed
 * element is retired with the machine-clock time and is reused only after {@link #GRACE_NANOS}; until
 * then new elements come from fresh (lazily created) storage. Only when the id space
 * ({@code 2 * max_entries + 64}) is exhausted is the oldest retired element reused early.
 */
final class OnDemandPool implements ElementPool {
    /** Simulated grace period before a freed element is reused. */
    static final long GRACE_NANOS = 10_000_000L;

    private final SimMachine machine;
    private final ElementStore store;
    private final int maxEntries;
    private final AtomicInteger count = new AtomicInteger();
    private final ArrayDeque<long[]> retired = new ArrayDeque<>();
    private int fresh;

    OnDemandPool(SimMachine machine, ElementStore store, int maxEntries) {
        this.machine = machine;
        this.store = store;
        this.maxEntries = maxEntries;
    }

    /** Element id space of an on-demand store. */
    static int capacity(int maxEntries) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 2L * maxEntries + 64);
    }

    private synchronized int take() {
        long now = machine.clock().nanoTime();
        long[] oldest = retired.peekFirst();
        if (oldest != null && now - oldest[1] >= GRACE_NANOS) {
            return (int) retired.pollFirst()[0];
        }
        if (fresh < store.capacity()) {
            store.ensure(fresh);
            return fresh++;
        }
        return oldest != null ? (int) retired.pollFirst()[0] : -Errno.ENOMEM;
    }

    private synchronized void retire(int e) {
        retired.addLast(new long[] {e, machine.clock().nanoTime()});
    }

    @Override
    public int allocNew(SimCpu cpu) {
        if (count.incrementAndGet() > maxEntries) {
            count.decrementAndGet();
            return -Errno.E2BIG;
        }
        int e = take();
        if (e < 0) {
            count.decrementAndGet();
        }
        return e;
    }

    @Override
    public int allocReplace(SimCpu cpu, int old) {
        return take();
    }

    @Override
    public void releaseReplaced(SimCpu cpu, int old) {
        retire(old);
    }

    @Override
    public void free(SimCpu cpu, int e) {
        count.decrementAndGet();
        retire(e);
    }

    @Override
    public int count() {
        return count.get();
    }

    @Override
    public synchronized int available() {
        return retired.size() + store.capacity() - fresh;
    }
}
