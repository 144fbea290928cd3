package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;

/**
 * The lock state one CPU owns (rqspinlock.md §2): its rqspinlock queue nodes, its separate qspinlock
 * nodes, its held-lock table, its lock statistics and its slow-path {@link Waiter}s. Written only by the CPU's bound thread (remote
 * CPUs write only queue nodes' {@code next}/{@code locked} and read the held table).
 */
public final class CpuLocks {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FAST = RqOutcome.FAST.ordinal();

    private final SimCpu cpu;
    final QueueNode[] rqNodes = new QueueNode[LockWord.Q_MAX_NODES];
    final QueueNode[] qNodes = new QueueNode[LockWord.Q_MAX_NODES];
    final HeldLocks held = new HeldLocks();
    /**
     * Outcome counts indexed {@code context * RqOutcome.COUNT + outcome}. Only the owner writes, with plain
     * increments (it reads its own writes; 64-bit HotSpot never tears a long store); readers on other
     * threads use opaque loads: they see each count eventually, and exactly after a happens-before edge
     * such as a join.
     */
    final long[] outcomes = new long[CpuContext.values().length * RqOutcome.COUNT];
    final WaitHistogram[] waits = new WaitHistogram[CpuContext.values().length];
    /** One slow-path waiter per context (see {@link Waiter}: a context never interleaves with itself). */
    private final Waiter[] waiters = new Waiter[CpuContext.values().length];

    /** State of {@code cpu}; created by the CPU itself. */
    public CpuLocks(SimCpu cpu) {
        this.cpu = cpu;
        for (int i = 0; i < LockWord.Q_MAX_NODES; i++) {
            rqNodes[i] = new QueueNode(cpu.id(), i);
            qNodes[i] = new QueueNode(cpu.id(), i);
        }
        for (int i = 0; i < waits.length; i++) {
            waits[i] = new WaitHistogram();
            waiters[i] = new Waiter(cpu);
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

    /** Owner-only: counts a {@link RqOutcome#FAST} acquisition in the current context (one plain increment). */
    void countFast() {
        outcomes[cpu.context().ordinal() * RqOutcome.COUNT + FAST]++;
    }

    /** Owner-only: counts one slow-path outcome and the wait it ended, in the current context. */
    void record(RqOutcome o, long waitNanos) {
        int ctx = cpu.context().ordinal();
        outcomes[ctx * RqOutcome.COUNT + o.ordinal()]++;
        waits[ctx].record(waitNanos);
    }

    /** Owner-only: this CPU's waiter for a slow path in the current context, reset for {@code lock}. */
    Waiter waiter(LockWord lock, boolean spinMode, boolean checks) {
        return waiters[cpu.context().ordinal()].begin(lock, spinMode, checks);
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
