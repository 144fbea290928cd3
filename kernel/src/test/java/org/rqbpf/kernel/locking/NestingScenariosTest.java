package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.FakeClock;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.SteppingClock;

/** Scenarios S1 (AA via nesting), S8 (NMI-context nesting) and S9 (irqsave) of rqspinlock.md §20. */
/**
 * "Immediately" is shown in clock time, not on the wall: where nothing else needs the clock it is a
 * {@link FakeClock} that never moves, so a lock call that returns at all cannot have waited out a budget;
 * where the holder must delay, a {@link SteppingClock} read only by the one CPU at work counts reads.
 */
@Timeout(30)
class NestingScenariosTest {
    /** Clock reads a lock call makes besides waiting, at 1 ms per read (as in TimeoutScenariosTest). */
    private static final long CLOCK_SLACK_MS = 20;

    private static final int UNSET = Integer.MIN_VALUE;

    @Test
    void s1aSameContextRelockIsAaImmediately() {
        SimMachine m = Harness.machine(2, RqConfig.defaults(), new FakeClock());
        RqSpinLock a = new RqSpinLock(m);
        RqStats.Snapshot before = m.stats().snapshot();
        m.cpu(0).run(() -> {
            assertEquals(0, a.lock());
            assertEquals(-Errno.EDEADLK, a.lock(), "returned on a clock that never moves: no budget waited");
            assertEquals(LockWord.Q_LOCKED_VAL, a.word(), "(0,0,1) after the failed attempt");
            a.unlock();
        });
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(2, d.total());
        assertEquals(1, d.count(RqOutcome.AA));
        assertEquals(1, d.count(RqOutcome.FAST));
        new Harness(m, a).assertClean();
    }

    @Test
    void s1bHardirqOnHolderIsAa() {
        nestedOnHolder(CpuContext.HARDIRQ);
    }

    @Test
    void s1cNmiOnHolderIsAa() {
        nestedOnHolder(CpuContext.NMI);
    }

    private void nestedOnHolder(CpuContext ctx) {
        SteppingClock clock = new SteppingClock(1_000_000);
        SimMachine m = Harness.machine(2, RqConfig.defaults(), clock);
        RqSpinLock a = new RqSpinLock(m);
        AtomicInteger nested = new AtomicInteger(UNSET);
        AtomicLong nestedNanos = new AtomicLong();
        RqStats.Snapshot before = m.stats().snapshot();
        m.cpu(0).run(() -> {
            assertEquals(0, a.lock());
            SimCpu.current().raise(ctx, () -> {
                assertEquals(ctx, SimCpu.current().context());
                long t0 = clock.nanoTime();
                nested.set(a.lock());
                nestedNanos.set(clock.nanoTime() - t0);
            });
            SimCpu.current().delayNanos(2_000_000);
            assertEquals(LockWord.Q_LOCKED_VAL, a.word());
            a.unlock();
        });
        assertEquals(-Errno.EDEADLK, nested.get());
        assertTrue(Harness.ms(nestedNanos.get()) <= CLOCK_SLACK_MS, "AA after " + nestedNanos.get() + " ns of clock time");
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(1, d.count(ctx, RqOutcome.AA));
        assertEquals(2, d.total());
        assertEquals(0, d.count(RqOutcome.TIMEOUT_PENDING) + d.count(RqOutcome.TIMEOUT_HEAD));
        new Harness(m, a).assertClean();
    }

    @Test
    void s1dNmiOnWaitingTaskIsAaAndTaskStillAcquires() {
        SimMachine m = Harness.machine(2, RqConfig.defaults());
        RqSpinLock a = new RqSpinLock(m);
        Harness h = new Harness(m, a);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger nmi = new AtomicInteger(UNSET);
        AtomicInteger task = new AtomicInteger(UNSET);
        RqStats.Snapshot before = m.stats().snapshot();
        h.start(1, () -> {
            assertEquals(0, a.lock());
            held.countDown();
            await(release);
            a.unlock();
        });
        await(held);
        h.start(0, () -> {
            int r = a.lock();
            task.set(r);
            if (r == 0) {
                a.unlock();
            }
        });
        h.await("CPU 0 pending on A", 5000, () -> Harness.pendingSet(a));
        m.cpu(0).raise(CpuContext.NMI, () -> nmi.set(a.lock()));
        h.await("NMI ran", 5000, () -> nmi.get() != UNSET);
        assertEquals(-Errno.EDEADLK, nmi.get());
        assertEquals(UNSET, task.get(), "the task still waits");
        release.countDown();
        h.joinAll(5000);
        assertEquals(0, task.get());
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(3, d.total());
        assertEquals(1, d.count(CpuContext.NMI, RqOutcome.AA));
        assertEquals(1, d.count(CpuContext.TASK, RqOutcome.PENDING));
        h.assertClean();
    }

    @Test
    void s8aNmiRetakingHeldLockIsAa() {
        nestedOnHolder(CpuContext.NMI);
    }

    /** S8 (b), (d), (e): CPU 0's task is queued on A behind CPU 3 (pending) while CPU 1 holds A. */
    @Test
    void s8bdeNmiOverQueuedTask() {
        SimMachine m = Harness.machine(5, RqConfig.defaults(), new FakeClock());
        RqSpinLock a = new RqSpinLock(m);
        RqSpinLock b = new RqSpinLock(m);
        RqSpinLock c = new RqSpinLock(m);
        Harness h = new Harness(m, a, b, c);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        RqStats.Snapshot before = m.stats().snapshot();
        holdUntil(h, 1, a, releaseA);
        holdUntil(h, 2, b, releaseB);
        h.start(3, () -> lockAndRelease(a));
        h.await("CPU 3 pending on A", 5000, () -> Harness.pendingSet(a));
        h.start(4, () -> lockAndRelease(b));
        h.await("CPU 4 pending on B", 5000, () -> Harness.pendingSet(b));
        AtomicInteger task = new AtomicInteger(UNSET);
        h.start(0, () -> {
            task.set(a.lock());
            if (task.get() == 0) {
                a.unlock();
            }
        });
        h.await("CPU 0 queued on A", 5000, () -> Harness.tailIs(a, 0, 0));

        AtomicInteger nmiB = new AtomicInteger(UNSET);
        m.cpu(0).raise(CpuContext.NMI, () -> nmiB.set(b.lock()));
        h.await("NMI (b) ran", 5000, () -> nmiB.get() != UNSET);
        assertEquals(-Errno.EDEADLK, nmiB.get(), "(b) trylock fallback fails, on a clock that never moves");

        AtomicInteger nmiC = new AtomicInteger(UNSET);
        m.cpu(0).raise(CpuContext.NMI, () -> {
            int r = c.lock();
            if (r == 0) {
                c.unlock();
            }
            nmiC.set(r);
        });
        h.await("NMI (d) ran", 5000, () -> nmiC.get() != UNSET);
        assertEquals(0, nmiC.get(), "(d) free lock C from NMI");
        assertEquals(UNSET, task.get());

        releaseA.countDown();
        h.await("task acquired A", 5000, () -> task.get() != UNSET);
        assertEquals(0, task.get(), "the task's wait completes normally");

        // (e): count = 4 in task context, then the contended B.
        AtomicInteger e = new AtomicInteger(UNSET);
        m.cpu(0).run(() -> {
            m.cpu(0).locks().setRqNodeCountForTest(4);
            e.set(b.lock());
            assertEquals(4, m.cpu(0).locks().rqNode(0).count());
            m.cpu(0).locks().setRqNodeCountForTest(0);
        });
        assertEquals(-Errno.EDEADLK, e.get());
        releaseB.countDown();
        h.joinAll(5000);

        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(2, d.count(RqOutcome.TRYLOCK_FAIL), d.toString());
        assertEquals(1, d.count(CpuContext.NMI, RqOutcome.TRYLOCK_FAIL));
        assertEquals(1, d.count(CpuContext.NMI, RqOutcome.FAST));
        assertEquals(0, d.count(RqOutcome.AA) + d.count(RqOutcome.ABBA));
        assertEquals(8, d.total(), "one outcome per lock() call: " + d);
        h.assertClean();
    }

    /** S8 (c): the NMI queues normally on B when no waiter of CPU 0 is queued. */
    @Test
    void s8cNmiQueuesNormallyOverIdleTask() {
        SimMachine m = Harness.machine(5, RqConfig.defaults());
        RqSpinLock b = new RqSpinLock(m);
        Harness h = new Harness(m, b);
        CountDownLatch releaseB = new CountDownLatch(1);
        holdUntil(h, 2, b, releaseB);
        h.start(4, () -> lockAndRelease(b));
        h.await("CPU 4 pending on B", 5000, () -> Harness.pendingSet(b));
        AtomicInteger nmi = new AtomicInteger(UNSET);
        AtomicLong nmiNanos = new AtomicLong();
        AtomicBoolean raised = new AtomicBoolean();
        RqStats.Snapshot before = m.stats().snapshot();
        h.start(0, () -> {
            SimCpu.current().raise(CpuContext.NMI, () -> {
                long t0 = System.nanoTime();
                int r = b.lock();
                nmiNanos.set(System.nanoTime() - t0);
                if (r == 0) {
                    b.unlock();
                }
                nmi.set(r);
            });
            raised.set(true);
            while (nmi.get() == UNSET) {
                SimCpu.current().delayNanos(100_000);
            }
        });
        h.await("NMI queued on B", 5000, () -> Harness.tailIs(b, 0, 0));
        sleep(5);
        releaseB.countDown();
        h.joinAll(5000);
        assertTrue(raised.get());
        assertEquals(0, nmi.get());
        // A lower bound (the release follows a 5 ms sleep), which a loaded machine cannot break.
        assertTrue(Harness.ms(nmiNanos.get()) >= 5, "waited for the release");
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(1, d.count(CpuContext.NMI, RqOutcome.QUEUE), d.toString());
        h.assertClean();
    }

    @Test
    void s9IrqSaveFailureLeavesFlagsAndHardirqWaitsForRestore() {
        SimMachine m = Harness.machine(2, RqConfig.defaults());
        RqSpinLock a = new RqSpinLock(m);
        RqSpinLock b = new RqSpinLock(m);
        AtomicBoolean hardirqRan = new AtomicBoolean();
        m.cpu(0).run(() -> {
            SimCpu cpu = SimCpu.current();
            assertEquals(0, a.lock());
            IrqFlags out = new IrqFlags(0xDEADBEEFL);
            assertEquals(-Errno.EDEADLK, a.lockIrqSave(out));
            assertEquals(0xDEADBEEFL, out.value(), "out untouched on failure");
            assertTrue(cpu.irqsEnabled(), "IRQ state restored on failure");
            a.unlock();

            IrqFlags flags = new IrqFlags();
            assertEquals(0, b.lockIrqSave(flags));
            assertEquals(SimCpu.IRQ_FLAGS_ENABLED, flags.value());
            assertFalse(cpu.irqsEnabled());
            cpu.raise(CpuContext.HARDIRQ, () -> hardirqRan.set(true));
            cpu.delayNanos(1_000_000);
            cpu.interruptPoint();
            assertFalse(hardirqRan.get(), "not delivered while B is held with IRQs off");
            b.unlockIrqRestore(flags);
            assertTrue(cpu.irqsEnabled());
            assertFalse(hardirqRan.get(), "no interrupt point inside unlock");
            cpu.interruptPoint();
            assertTrue(hardirqRan.get(), "runs at the first interrupt point after restore");
        });
        new Harness(m, a, b).assertClean();
    }

    static void holdUntil(Harness h, int cpu, RqSpinLock lock, CountDownLatch release) {
        CountDownLatch held = new CountDownLatch(1);
        h.start(cpu, () -> {
            assertEquals(0, lock.lock());
            held.countDown();
            await(release);
            lock.unlock();
        });
        await(held);
    }

    static void lockAndRelease(RqSpinLock lock) {
        assertEquals(0, lock.lock());
        lock.unlock();
    }

    static void await(CountDownLatch l) {
        try {
            if (!l.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
