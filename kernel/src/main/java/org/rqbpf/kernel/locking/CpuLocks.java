package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;

/**
 * The lock state one CPU owns (rqspinlock.md §2): its rqspinlock queue nodes, its separate qspinlock
 * nodes, its held-lock table and its lock statistics. Written only by the CPU's bound thread (remote
 * CPUs write only queue nodes' {@code next}/{@code locked} and read the held table).
 */
public final class CpuLocks {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    private final SimCpu cpu;
    final QueueNode[] rqNodes = new QueueNode[LockWord.Q_MAX_NODES];
    final QueueNode[] qNodes = new QueueNode[LockWord.Q_MAX_NODES];
    final HeldLocks held = new HeldLocks();
    /** Outcome counts indexed {@code context * RqOutcome.COUNT + outcome}; opaque owner-only increments. */
    final long[] outcomes = new long[CpuContext.values().length * RqOutcome.COUNT];
    final WaitHistogram[] waits = new WaitHistogram[CpuContext.values().length];

    /** State of {@code cpu}; created by the CPU itself. */
    public CpuLocks(SimCpu cpu) {
        this.cpu = cpu;
        for (int i = 0; i < LockWord.Q_MAX_NODES; i++) {
            rqNodes[i] = new QueueNode(cpu.id(), i);
            qNodes[i] = new QueueNode(cpu.id(), i);
        }
        for (int i = 0; i < waits.length; i++) {
            waits[i] = new WaitHistogram();
        }
    }

    /** The CPU this state belongs to. */
    public SimCpu cpu() {
        return cpu;
    }

    /** The held-lock table. */
    public HeldLocks held() {
        return held;
    }

    /** rqspinlock queue node {@code i} (0..3). */
    public QueueNode rqNode(int i) {
        return rqNodes[i];
    }

    /** qspinlock queue node {@code i} (0..3). */
    public QueueNode qNode(int i) {
        return qNodes[i];
    }

    /**
     * Test hook (scenario S8e): sets {@code rqNodes[0].count}, the CPU's depth inside the queue path.
     * Bound thread only.
     */
    public void setRqNodeCountForTest(int count) {
        cpu.checkBound();
        rqNodes[0].count = count;
    }

    /** Owner-only: counts one outcome in the current context. */
    void record(RqOutcome o) {
        int i = cpu.context().ordinal() * RqOutcome.COUNT + o.ordinal();
        COUNT.setOpaque(outcomes, i, (long) COUNT.getOpaque(outcomes, i) + 1);
    }

    /** Owner-only: counts one outcome and the wait it ended. */
    void record(RqOutcome o, long waitNanos) {
        record(o);
        waits[cpu.context().ordinal()].record(waitNanos);
    }

    long outcomeCount(CpuContext ctx, RqOutcome o) {
        return (long) COUNT.getOpaque(outcomes, ctx.ordinal() * RqOutcome.COUNT + o.ordinal());
    }

    /** One-line dump of the table and nodes, for watchdog reports. */
    public String dump() {
        StringBuilder sb = new StringBuilder("CPU ").append(cpu.id()).append(": ").append(held);
        for (QueueNode n : rqNodes) {
            sb.append(' ').append(n);
        }
        return sb.toString();
    }
}
