package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/** Scenarios S4 (held-table overflow, default timeouts) and S5 (queue teardown) of rqspinlock.md §20. */
@Timeout(60)
class TimeoutScenariosTest {
    private static final long SLACK_MS = 200;

    @Test
    void s4HeldTableOverflowOnlyTheTimeoutCatches() {
        SimMachine m = SimMachine.builder().cpus(2).config(RqConfig.defaults()).build();
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

            long t0 = System.nanoTime();
            assertEquals(-Errno.ETIMEDOUT, l[32].lock(), "L32 is invisible to AA");
            long ms = Harness.ms(System.nanoTime() - t0);
            assertTrue(ms >= 250 && ms <= 250 + SLACK_MS, "timed out at " + ms + " ms");

            t0 = System.nanoTime();
            assertEquals(-Errno.EDEADLK, l[5].lock(), "L5 is in the table");
            assertTrue(Harness.ms(System.nanoTime() - t0) < 50);

            t0 = System.nanoTime();
            assertEquals(-Errno.ETIMEDOUT, l[30].lock(), "entry 30 is excluded when the table is full");
            ms = Harness.ms(System.nanoTime() - t0);
            assertTrue(ms >= 250 && ms <= 250 + SLACK_MS, "timed out at " + ms + " ms");

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

    @Test
    void s5QueueTeardownInFifoOrder() {
        int k = 5;
        SimMachine m = SimMachine.builder().cpus(k + 1).config(RqConfig.defaults()).build();
        RqSpinLock a = new RqSpinLock(m);
        Harness h = new Harness(m, a);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLongArray result = new AtomicLongArray(k + 1);
        AtomicLongArray startedAt = new AtomicLongArray(k + 1);
        AtomicLongArray endedAt = new AtomicLongArray(k + 1);
        RqStats.Snapshot before = m.stats().snapshot();
        NestingScenariosTest.holdUntil(h, 0, a, release);
        for (int cpu = 1; cpu <= k; cpu++) {
            int me = cpu;
            h.start(cpu, () -> {
                startedAt.set(me, System.nanoTime());
                int r = a.lock();
                endedAt.set(me, System.nanoTime());
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
            NestingScenariosTest.sleep(5);
        }
        h.await("all waiters returned", 5000, () -> {
            for (int cpu = 1; cpu <= k; cpu++) {
                if (endedAt.get(cpu) == 0) {
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
        long pendingMs = Harness.ms(endedAt.get(1) - startedAt.get(1));
        assertTrue(pendingMs >= 250 && pendingMs <= 250 + SLACK_MS, "pending waiter: " + pendingMs);
        long headMs = Harness.ms(endedAt.get(2) - startedAt.get(2));
        assertTrue(headMs >= 500 && headMs <= 500 + SLACK_MS, "head: " + headMs);
        for (int cpu = 3; cpu <= k; cpu++) {
            long after = Harness.ms(endedAt.get(cpu) - endedAt.get(2));
            assertTrue(after <= SLACK_MS, "CPU " + cpu + " aborted " + after + " ms after the head");
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
}
