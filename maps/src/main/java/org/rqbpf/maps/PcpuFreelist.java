package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;

/**
 * The kernel's per-CPU free list of preallocated elements (runtime.md "Maps", rqspinlock.md §18): one
 * list per CPU, each under its own {@link RqSpinLock} taken with irqsave.
 *
 * <ul>
 *   <li><b>push</b> tries the current CPU's list, then the other CPUs' lists in order. The kernel repeats
 *       that walk until some lock is taken; here, after {@link #PUSH_ROUNDS} failed walks, the element
 *       goes to a lock-free overflow queue that pop drains last. The kernel's endless retry can livelock:
 *       two CPUs whose NMIs interrupted them inside their own list lock each push into the other's list
 *       (ABBA, every attempt fails, neither interrupted owner can resume), and on a one-CPU machine there
 *       is no other list at all. Stress tests with NMIs hit both.</li>
 *   <li><b>pop</b> walks the CPUs from the current one, skipping lists that are empty (read without the
 *       lock, as the kernel's {@code READ_ONCE(head->first)}) or whose lock fails; it returns -1 when
 *       every list is empty or locked, and the hash insert then fails with {@code -E2BIG}.</li>
 * </ul>
 * Both run an interrupt point while holding a list lock, so an NMI can re-enter the free list there.
 */
final class PcpuFreelist {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int PAD = 16; // ints per head: one cache line each
    /** Walks over the other CPUs' lists before a push gives up on the lists. */
    static final int PUSH_ROUNDS = 2;

    private final RqSpinLock[] locks;
    private final int[] heads;
    private final int[] links;
    private final MapStats stats;
    private final ConcurrentLinkedQueue<Integer> overflow = new ConcurrentLinkedQueue<>();

    PcpuFreelist(SimMachine machine, int capacity, MapStats stats) {
        int n = machine.cpuCount();
        this.locks = new RqSpinLock[n];
        for (int c = 0; c < n; c++) {
            locks[c] = new RqSpinLock(machine);
        }
        this.heads = new int[(n + 1) * PAD];
        for (int c = 0; c < n; c++) {
            heads[(c + 1) * PAD] = -1;
        }
        this.links = new int[capacity];
        this.stats = stats;
    }

    /** Spreads elements {@code [0, count)} evenly over the CPUs' lists (before the map is shared). */
    void populate(int count) {
        int n = locks.length;
        for (int e = count - 1; e >= 0; e--) {
            int h = (e % n + 1) * PAD;
            links[e] = heads[h];
            heads[h] = e;
        }
        VarHandle.releaseFence();
    }

    void push(SimCpu cpu, int e) {
        int me = cpu.id();
        if (tryPush(cpu, me, e)) {
            return;
        }
        int n = locks.length;
        for (int round = 0; round < PUSH_ROUNDS; round++) {
            for (int i = 1; i < n; i++) {
                if (tryPush(cpu, (me + i) % n, e)) {
                    return;
                }
            }
        }
        overflow.add(e);
    }

    private boolean tryPush(SimCpu cpu, int c, int e) {
        long flags = locks[c].lockIrqSave(cpu);
        if (flags < 0) {
            stats.lockFailed(cpu, (int) flags);
            return false;
        }
        cpu.interruptPoint();
        int h = (c + 1) * PAD;
        links[e] = heads[h];
        INTS.setOpaque(heads, h, e);
        locks[c].unlockIrqRestore(cpu, flags);
        return true;
    }

    int pop(SimCpu cpu) {
        int n = locks.length;
        int me = cpu.id();
        for (int i = 0; i < n; i++) {
            int c = (me + i) % n;
            int h = (c + 1) * PAD;
            if ((int) INTS.getOpaque(heads, h) < 0) {
                continue;
            }
            long flags = locks[c].lockIrqSave(cpu);
            if (flags < 0) {
                stats.lockFailed(cpu, (int) flags);
                continue;
            }
            cpu.interruptPoint();
            int e = heads[h];
            if (e >= 0) {
                INTS.setOpaque(heads, h, links[e]);
            }
            locks[c].unlockIrqRestore(cpu, flags);
            if (e >= 0) {
                return e;
            }
        }
        Integer spilled = overflow.poll();
        return spilled == null ? -1 : spilled;
    }

    /** Elements on all lists (callers make sure nothing runs concurrently). */
    int size() {
        int total = overflow.size();
        for (int c = 0; c < locks.length; c++) {
            for (int e = (int) INTS.getAcquire(heads, (c + 1) * PAD); e >= 0; e = links[e]) {
                total++;
            }
        }
        return total;
    }

    /** The list locks, for tests and reports (their words must be 0 when idle). */
    RqSpinLock[] locks() {
        return locks;
    }
}
