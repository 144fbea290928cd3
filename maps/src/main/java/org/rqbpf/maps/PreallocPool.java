package org.rqbpf.maps;

import java.util.concurrent.atomic.AtomicInteger;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Preallocated elements (the default): {@code max_entries} elements on the per-CPU free list plus one
 * spare per CPU (the kernel's {@code extra_elems}). Replacing an existing key takes the CPU's spare and
 * makes the replaced element the new spare, so it succeeds in a full map and touches no free list.
 * Elements are reused immediately, as in the kernel: lookups rely on the sequence check of
 * {@link ElementStore} to notice.
 */
final class PreallocPool implements ElementPool {
    private final PcpuFreelist freelist;
    private final int[] spare;
    private final AtomicInteger count = new AtomicInteger();

    PreallocPool(SimMachine machine, ElementStore store, int maxEntries, MapStats stats) {
        int cpus = machine.cpuCount();
        this.freelist = new PcpuFreelist(machine, store.capacity(), stats);
        freelist.populate(maxEntries);
        this.spare = new int[cpus];
        for (int c = 0; c < cpus; c++) {
            spare[c] = maxEntries + c;
        }
    }

    /** Element capacity a preallocated store needs. */
    static int capacity(int maxEntries, int cpus) {
        return Math.addExact(maxEntries, cpus);
    }

    @Override
    public int allocNew(SimCpu cpu) {
        int e = freelist.pop(cpu);
        if (e < 0) {
            return -Errno.E2BIG;
        }
        count.incrementAndGet();
        return e;
    }

    @Override
    public int allocReplace(SimCpu cpu, int old) {
        // No interrupt point between the read and the write: a nested context cannot take the same spare.
        int e = spare[cpu.id()];
        spare[cpu.id()] = old;
        return e;
    }

    @Override
    public void releaseReplaced(SimCpu cpu, int old) {
        // Already the CPU's spare.
    }

    @Override
    public void free(SimCpu cpu, int e) {
        count.decrementAndGet();
        freelist.push(cpu, e);
    }

    @Override
    public int count() {
        return count.get();
    }

    @Override
    public int available() {
        return freelist.size() + spare.length;
    }

    PcpuFreelist freelist() {
        return freelist;
    }
}
