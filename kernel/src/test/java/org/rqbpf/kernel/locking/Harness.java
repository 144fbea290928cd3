package org.rqbpf.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rqbpf.kernel.Clock;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Test harness for lock scenarios: CPU threads, a watchdog that dumps words, held tables and nodes on a
 * hang (invariant 3), and the clean-state check (invariant 2).
 */
final class Harness {
    final SimMachine machine;
    final List<LockWord> locks;
    private final List<CpuThread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

    Harness(SimMachine machine, LockWord... locks) {
        this.machine = machine;
        this.locks = Arrays.asList(locks);
    }

    static SimMachine machine(int cpus, RqConfig cfg) {
        return SimMachine.builder().cpus(cpus).config(cfg).seed(1).build();
    }

    /** A machine whose locks and delays read {@code clock} (a {@link org.rqbpf.kernel.FakeClock} the test moves). */
    static SimMachine machine(int cpus, RqConfig cfg, Clock clock) {
        return SimMachine.builder().cpus(cpus).config(cfg).clock(clock).seed(1).build();
    }

    static RqConfig shortTimeouts(long pendingMs) {
        return RqConfig.builder().pendingTimeout(java.time.Duration.ofMillis(pendingMs)).build();
    }

    /** Starts {@code body} on a CPU thread of {@code cpu}. */
    CpuThread start(int cpu, Runnable body) {
        CpuThread t = machine.cpu(cpu).newThread("sim-cpu-" + cpu, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        threads.add(t);
        t.start();
        return t;
    }

    /** Waits for {@code cond} or fails with a dump after {@code limitMs}. */
    void await(String what, long limitMs, BooleanSupplier cond) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("watchdog: timed out waiting for " + what + "\n" + dump());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Joins every started thread within {@code limitMs} in total, else fails with a dump. */
    void joinAll(long limitMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        for (CpuThread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            try {
                t.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            if (t.isAlive()) {
                fail("watchdog: " + t.getName() + " still running after " + limitMs + " ms (a hang)\n" + dump());
            }
        }
        threads.clear();
        if (!errors.isEmpty()) {
            Throwable e = errors.poll();
            errors.forEach(e::addSuppressed);
            throw new AssertionError("a CPU thread failed: " + e, e);
        }
    }

    /** Words, held tables and queue nodes of every CPU. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        for (LockWord l : locks) {
            sb.append(l).append('\n');
        }
        for (SimCpu c : machine.cpus()) {
            sb.append(c.locks().dump()).append('\n');
        }
        return sb.toString();
    }

    /** Invariant 2: words 0, cnt 0 with all entries 0, node counts 0. */
    void assertClean() {
        for (LockWord l : locks) {
            assertEquals(0, l.word(), () -> "lock word not 0: " + l + "\n" + dump());
        }
        for (SimCpu c : machine.cpus()) {
            HeldLocks h = c.locks().held();
            assertEquals(0, h.count(), () -> "cnt not 0 on " + c + "\n" + dump());
            for (int i = 0; i < HeldLocks.RES_NR_HELD; i++) {
                assertEquals(0L, h.entry(i), "stale held entry on " + c);
            }
            assertEquals(0, c.locks().rqNode(0).count(), () -> "rqNodes[0].count not 0 on " + c);
            assertEquals(0, c.locks().qNode(0).count(), () -> "qNodes[0].count not 0 on " + c);
        }
    }

    static boolean pendingSet(LockWord l) {
        return (l.word() & LockWord.Q_PENDING_MASK) != 0;
    }

    static boolean tailIs(LockWord l, int cpu, int idx) {
        return (l.word() & LockWord.Q_TAIL_MASK) == LockWord.encodeTail(cpu, idx);
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
