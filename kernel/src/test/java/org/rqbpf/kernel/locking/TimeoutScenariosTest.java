package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.FakeClock;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.SteppingClock;

/** Scenarios S4 (held-table overflow, default timeouts) and S5 (queue teardown) of rqspinlock.md §20. */
@Timeout(60)
class TimeoutScenariosTest {
    /** Reads of the clock a lock call makes besides its waiting: the lock and unlock paths, the AA scan. */
    private static final long CLOCK_SLACK_US = 20_000;

    /**
     * One CPU only, so on a {@link SteppingClock} (1 ms per read) its timeouts are exact in clock time: the
     * budget is 250 ms of reads, however loaded the machine is; "at once" is a handful of reads.
     */
    @Test
    void s4HeldTableOverflowOnlyTheTimeoutCatches() {
        SteppingClock clock = new SteppingClock(1_000_000);
        SimMachine m = SimMachine.builder().cpus(2).clock(clock).config(RqConfig.defaults()).build();
        RqSpinLock[] l = new RqSpinLock[34];
        for (int i = 0; i < l.length; i++) {
            l[i] = new RqSpinLock(m);
        }
        Harness h = new Harness(m, l);
        RqStats.Snapshot before = m.stats().snapshot();
        m.cpu(0).run(() -> {
            for (RqSpinLock lock : l) {
                assertEquals(0, lock.lock());
            }
            assertEquals(34, SimCpu.current().locks().held().count());

            long t0 = clock.nanoTime();
            assertEquals(-Errno.ETIMEDOUT, l[32].lock(), "L32 is invisible to AA");
            long us = (clock.nanoTime() - t0) / 1_000;
            assertTrue(us >= 250_000 && us <= 250_000 + CLOCK_SLACK_US, "timed out at " + us + " us of clock time");

            t0 = clock.nanoTime();
            assertEquals(-Errno.EDEADLK, l[5].lock(), "L5 is in the table");
            us = (clock.nanoTime() - t0) / 1_000;
            assertTrue(us <= CLOCK_SLACK_US, "AA detected after " + us + " us of clock time");

            t0 = clock.nanoTime();
            assertEquals(-Errno.ETIMEDOUT, l[30].lock(), "entry 30 is excluded when the table is full");
            us = (clock.nanoTime() - t0) / 1_000;
            assertTrue(us >= 250_000 && us <= 250_000 + CLOCK_SLACK_US, "timed out at " + us + " us of clock time");

            for (int i = l.length - 1; i >= 0; i--) {
                l[i].unlock();
            }
            assertEquals(0, SimCpu.current().locks().held().count());
        });
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(2, d.count(RqOutcome.TIMEOUT_PENDING));
        assertEquals(1, d.count(RqOutcome.AA));
        assertEquals(37, d.total());
        h.assertClean();
    }

    /**
     * A pending waiter and four queued ones behind a holder that never lets go, on a {@link FakeClock} the
     * test moves: the pending waiter gives up just after its 250 ms, the queue head just after its 500 ms,
     * and the waiters behind the head leave with it, in order, at that same clock time.
     */
    @Test
    void s5QueueTeardownInFifoOrder() {
        int k = 5;
        FakeClock clock = new FakeClock();
        SimMachine m = Harness.machine(k + 1, RqConfig.defaults(), clock);
        RqSpinLock a = new RqSpinLock(m);
        Harness h = new Harness(m, a);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLongArray result = new AtomicLongArray(k + 1);
        AtomicLongArray endedAt = new AtomicLongArray(k + 1);
        RqStats.Snapshot before = m.stats().snapshot();
        NestingScenariosTest.holdUntil(h, 0, a, release);
        for (int cpu = 1; cpu <= k; cpu++) {
            int me = cpu;
            endedAt.set(me, -1);
            h.start(cpu, () -> {
                int r = a.lock();
                endedAt.set(me, clock.nanoTime());
                result.set(me, r);
                if (r == 0) {
                    a.unlock();
                }
            });
            if (cpu == 1) {
                h.await("CPU 1 pending", 5000, () -> Harness.pendingSet(a));
            } else {
                h.await("CPU " + cpu + " queued", 5000, () -> Harness.tailIs(a, me, 0));
            }
        }
        NestingScenariosTest.sleep(100); // the pending waiter and the head start their budgets at clock 0
        long pending = AbbaScenariosTest.PENDING_BUDGET;
        long head = 2 * pending;
        clock.set(pending);
        NestingScenariosTest.sleep(50);
        assertReturned(endedAt, k, 0);
        clock.set(pending + 1);
        h.await("the pending waiter gave up", 5000, () -> endedAt.get(1) >= 0);
        clock.set(head);
        NestingScenariosTest.sleep(50);
        assertReturned(endedAt, k, 1);
        clock.set(head + 1);
        h.await("all waiters returned", 5000, () -> {
            for (int cpu = 1; cpu <= k; cpu++) {
                if (endedAt.get(cpu) < 0) {
                    return false;
                }
            }
            return true;
        });
        assertEquals(LockWord.Q_LOCKED_VAL, a.word(), "(0,0,1) until CPU 0 unlocks");
        release.countDown();
        h.joinAll(5000);
        for (int cpu = 1; cpu <= k; cpu++) {
            assertEquals(-Errno.ETIMEDOUT, result.get(cpu), "CPU " + cpu);
        }
        assertEquals(pending + 1, endedAt.get(1), "the pending waiter");
        for (int cpu = 2; cpu <= k; cpu++) {
            assertEquals(head + 1, endedAt.get(cpu), "CPU " + cpu + " left with the head");
        }
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(1, d.count(RqOutcome.TIMEOUT_PENDING), d.toString());
        assertEquals(1, d.count(RqOutcome.TIMEOUT_HEAD), d.toString());
        assertEquals(k - 2, d.count(RqOutcome.QUEUE_ABORT), d.toString());
        assertEquals(k + 1, d.total());
        assertEquals(0, a.word());
        m.cpu(1).run(() -> {
            assertEquals(0, a.lock(), "the final take succeeds");
            a.unlock();
        });
        h.assertClean();
    }

    /** Asserts that exactly the first {@code n} waiters (CPUs 1..n) have returned. */
    private static void assertReturned(AtomicLongArray endedAt, int k, int n) {
        for (int cpu = 1; cpu <= k; cpu++) {
            assertEquals(cpu <= n, endedAt.get(cpu) >= 0, "CPU " + cpu + (cpu <= n ? " returned" : " still waits"));
        }
    }
}
