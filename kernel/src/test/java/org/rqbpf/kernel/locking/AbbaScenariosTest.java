package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.kernel.locking.NestingScenariosTest.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.FakeClock;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.SteppingClock;

/** Scenarios S2 (ABBA), S3 (3-lock cycle), S6 and S7 (deadlocked queue head) of rqspinlock.md §20. */
@Timeout(60)
class AbbaScenariosTest {
    private static final int UNSET = Integer.MIN_VALUE;
    /** The default pending-waiter budget, 250 ms. */
    static final long PENDING_BUDGET = 250_000_000L;
    /**
     * BACKOFF even on 2 CPUs: SPIN (what AUTO picks when CPUs <= host processors) checks once per 65 536
     * polls, and on a host shared with other work those polls can outlast the whole budget, turning an
     * ABBA verdict into a timeout; BACKOFF checks every poll after 64 and keeps "no timeouts" exact.
     */
    private static RqConfig backoff(RqConfig c) {
        return c.toBuilder().waitPolicy(WaitPolicy.of(WaitPolicy.Mode.BACKOFF)).build();
    }

    /**
     * On a {@link SteppingClock} (10 us per read) the two waiters' reads are the time: ABBA is checked
     * once per millisecond of it, and must win well inside the 100 ms budget however loaded the host is.
     */
    @Test
    void s2AbbaAcrossTwoCpusRepeated() throws Exception {
        SteppingClock clock = new SteppingClock(10_000);
        SimMachine m = Harness.machine(2, backoff(Harness.shortTimeouts(100)), clock);
        RqStats.Snapshot before = m.stats().snapshot();
        for (int round = 0; round < 100; round++) {
            RqSpinLock a = new RqSpinLock(m);
            RqSpinLock b = new RqSpinLock(m);
            Harness h = new Harness(m, a, b);
            CyclicBarrier barrier = new CyclicBarrier(2);
            AtomicInteger owner = new AtomicInteger(-1);
            AtomicInteger violations = new AtomicInteger();
            int[] second = new int[2];
            long[] secondNanos = new long[2];
            CyclicBarrier done = new CyclicBarrier(2);
            for (int cpu = 0; cpu < 2; cpu++) {
                int me = cpu;
                RqSpinLock first = cpu == 0 ? a : b;
                RqSpinLock other = cpu == 0 ? b : a;
                h.start(cpu, () -> {
                    assertEquals(0, first.lock());
                    awaitBarrier(barrier);
                    long t0 = clock.nanoTime();
                    int r = other.lock();
                    secondNanos[me] = clock.nanoTime() - t0;
                    second[me] = r;
                    if (r == 0) {
                        if (!owner.compareAndSet(-1, me)) {
                            violations.incrementAndGet();
                        }
                        owner.set(-1);
                        other.unlock();
                    }
                    first.unlock();
                    awaitBarrier(done);
                });
            }
            h.joinAll(10_000);
            assertEquals(0, violations.get());
            assertTrue(second[0] == -Errno.EDEADLK || second[1] == -Errno.EDEADLK,
                    "round " + round + ": " + second[0] + ", " + second[1]);
            for (int cpu = 0; cpu < 2; cpu++) {
                assertTrue(second[cpu] == 0 || second[cpu] == -Errno.EDEADLK);
                if (second[cpu] != 0) {
                    assertTrue(Harness.ms(secondNanos[cpu]) < 50, "detected after " + secondNanos[cpu]
                            + " ns of clock time");
                }
            }
            h.assertClean();
        }
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(400, d.total(), d.toString());
        assertTrue(d.count(RqOutcome.ABBA) >= 100, d.toString());
        assertEquals(0, d.count(RqOutcome.AA));
        assertEquals(0, d.count(RqOutcome.TIMEOUT_PENDING) + d.count(RqOutcome.TIMEOUT_HEAD)
                + d.count(RqOutcome.QUEUE_ABORT));
    }

    /**
     * Each CPU holds its lock and waits as the pending waiter of the next one: a three-lock cycle, which
     * the ABBA check (a cycle of two) does not see, so only the budget ends it. The clock is a
     * {@link FakeClock} the test moves: nobody gives up at 250 ms, someone does just after (the kernel
     * times out once the time is past the budget's end).
     */
    @Test
    void s3ThreeLockCycleTimesOut() {
        FakeClock clock = new FakeClock();
        SimMachine m = Harness.machine(3, RqConfig.defaults(), clock);
        RqSpinLock[] l = {new RqSpinLock(m), new RqSpinLock(m), new RqSpinLock(m)};
        Harness h = new Harness(m, l);
        CyclicBarrier barrier = new CyclicBarrier(3);
        CyclicBarrier failedUnlocked = new CyclicBarrier(3);
        AtomicLongArray endedAt = new AtomicLongArray(new long[] {-1, -1, -1});
        int[] second = new int[3];
        RqStats.Snapshot before = m.stats().snapshot();
        for (int cpu = 0; cpu < 3; cpu++) {
            int me = cpu;
            h.start(cpu, () -> {
                assertEquals(0, l[me].lock());
                awaitBarrier(barrier);
                int r = l[(me + 1) % 3].lock();
                second[me] = r;
                endedAt.set(me, clock.nanoTime());
                if (r == 0) {
                    l[(me + 1) % 3].unlock();
                }
                l[me].unlock();
                awaitBarrier(failedUnlocked);
            });
        }
        h.await("every CPU pending on the next lock", 5000,
                () -> Harness.pendingSet(l[0]) && Harness.pendingSet(l[1]) && Harness.pendingSet(l[2]));
        NestingScenariosTest.sleep(100); // each waiter's first poll starts its budget at clock 0
        clock.set(PENDING_BUDGET);
        NestingScenariosTest.sleep(50);
        for (int cpu = 0; cpu < 3; cpu++) {
            assertEquals(-1, endedAt.get(cpu), "CPU " + cpu + " gave up at the budget's end, not after it");
        }
        clock.set(PENDING_BUDGET + 1);
        h.joinAll(10_000);
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(0, d.count(RqOutcome.AA) + d.count(RqOutcome.ABBA), d.toString());
        assertTrue(d.count(RqOutcome.TIMEOUT_PENDING) >= 1, d.toString());
        assertEquals(6, d.total());
        for (int cpu = 0; cpu < 3; cpu++) {
            assertTrue(second[cpu] == 0 || second[cpu] == -Errno.ETIMEDOUT);
            assertEquals(PENDING_BUDGET + 1, endedAt.get(cpu), "CPU " + cpu + " returned once the budget ended");
        }
        h.assertClean();
    }

    @Test
    void s6DeadlockedHeadKeepsItsQueue() {
        deadlockedHead(true, 50);
    }

    @Test
    void s7DeadlockedHeadWithoutSuccessor() {
        deadlockedHead(false, 50);
    }

    /**
     * CPU 0 holds A; CPU 2 pending on A; CPU 1 holds B and heads A's queue; (S6) CPU 3 queued behind;
     * CPU 0 takes B.
     */
    private void deadlockedHead(boolean withSuccessor, int rounds) {
        SimMachine m = Harness.machine(4, backoff(RqConfig.defaults()));
        RqStats.Snapshot before = m.stats().snapshot();
        int lockCalls = 0;
        for (int round = 0; round < rounds; round++) {
            RqSpinLock a = new RqSpinLock(m);
            RqSpinLock b = new RqSpinLock(m);
            Harness h = new Harness(m, a, b);
            AtomicLongArray result = new AtomicLongArray(new long[] {UNSET, UNSET, UNSET, UNSET});
            AtomicInteger owner = new AtomicInteger(-1);
            AtomicInteger violations = new AtomicInteger();
            CountDownLatch aHeld = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            h.start(0, () -> {
                assertEquals(0, a.lock());
                aHeld.countDown();
                await(go);
                int r = b.lock();
                result.set(0, r);
                if (r == 0) {
                    b.unlock();
                }
                a.unlock();
            });
            await(aHeld);
            h.start(2, () -> {
                int r = a.lock();
                result.set(2, r);
                if (r == 0) {
                    exclusive(owner, violations, 2);
                    a.unlock();
                }
            });
            h.await("CPU 2 pending on A", 5000, () -> Harness.pendingSet(a));
            h.start(1, () -> {
                assertEquals(0, b.lock());
                int r = a.lock();
                result.set(1, r);
                if (r == 0) {
                    exclusive(owner, violations, 1);
                    a.unlock();
                }
                b.unlock();
            });
            h.await("CPU 1 heads A's queue", 5000, () -> Harness.tailIs(a, 1, 0));
            if (withSuccessor) {
                h.start(3, () -> {
                    int r = a.lock();
                    result.set(3, r);
                    if (r == 0) {
                        exclusive(owner, violations, 3);
                        a.unlock();
                    }
                });
                h.await("CPU 3 queued behind CPU 1", 5000, () -> Harness.tailIs(a, 3, 0));
            }
            go.countDown();
            h.joinAll(10_000);
            lockCalls += withSuccessor ? 6 : 5;
            assertEquals(0, violations.get());
            assertTrue(result.get(0) == -Errno.EDEADLK || result.get(1) == -Errno.EDEADLK,
                    "round " + round + ": CPU0 " + result.get(0) + ", CPU1 " + result.get(1));
            assertEquals(0, result.get(2), "the pending waiter is not hurt");
            if (withSuccessor) {
                assertEquals(0, result.get(3), "the successor is not hurt by its head's deadlock");
            }
            h.assertClean();
        }
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(lockCalls, d.total(), d.toString());
        assertEquals(0, d.count(RqOutcome.TIMEOUT_PENDING) + d.count(RqOutcome.TIMEOUT_HEAD)
                + d.count(RqOutcome.QUEUE_ABORT), d.toString());
        assertTrue(d.count(RqOutcome.ABBA) >= rounds, d.toString());
    }

    private static void exclusive(AtomicInteger owner, AtomicInteger violations, int me) {
        if (!owner.compareAndSet(-1, me)) {
            violations.incrementAndGet();
        }
        owner.compareAndSet(me, -1);
    }

    static void awaitBarrier(CyclicBarrier b) {
        try {
            b.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("barrier", e);
        }
    }
}
