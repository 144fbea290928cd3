package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.FakeClock;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * The per-CPU, per-context {@link Waiter} that slow paths reuse instead of allocating: a handler nesting
 * over a waiting slow path must not disturb it, and wait times run from the first failed poll.
 */
@Timeout(30)
class WaiterReuseTest {
    private static final int UNSET = Integer.MIN_VALUE;
    private static final RqConfig SPIN_50MS = RqConfig.builder().pendingTimeout(Duration.ofMillis(50))
            .waitPolicy(WaitPolicy.of(WaitPolicy.Mode.SPIN)).build();

    @Test
    void eachContextOfACpuHasItsOwnWaiter() {
        SimMachine m = Harness.machine(1, RqConfig.defaults());
        RqSpinLock a = new RqSpinLock(m);
        SimCpu cpu = m.cpu(0);
        AtomicReference<Waiter> nmi = new AtomicReference<>();
        cpu.run(() -> {
            Waiter task = cpu.locks().waiter(a, true, true);
            cpu.runIn(CpuContext.NMI, () -> nmi.set(cpu.locks().waiter(a, true, true)));
            assertNotSame(task, nmi.get());
            assertSame(task, cpu.locks().waiter(a, false, false));
        });
    }

    /**
     * CPU 0's task waits as pending waiter on A (deadline 50 ms on a fake clock); an NMI on CPU 0 then
     * waits on B (deadline 90 ms) and acquires it. Back in the task, the clock reads 60 ms: its own
     * deadline has passed, so it times out. A waiter shared with the NMI would have polled B or used
     * the NMI's deadline.
     */
    @Test
    void aNestedSlowPathLeavesTheInterruptedWaitIntact() {
        FakeClock clock = new FakeClock();
        SimMachine m = SimMachine.builder().cpus(3).clock(clock).config(SPIN_50MS).seed(1).build();
        RqSpinLock a = new RqSpinLock(m);
        RqSpinLock b = new RqSpinLock(m);
        Harness h = new Harness(m, a, b);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        NestingScenariosTest.holdUntil(h, 1, a, releaseA);
        NestingScenariosTest.holdUntil(h, 2, b, releaseB);
        RqStats.Snapshot before = m.stats().snapshot();
        AtomicInteger task = new AtomicInteger(UNSET);
        h.start(0, () -> task.set(a.lock()));
        h.await("CPU 0 pending on A", 5000, () -> Harness.pendingSet(a));
        NestingScenariosTest.sleep(100);
        clock.set(40_000_000);
        AtomicInteger nmi = new AtomicInteger(UNSET);
        m.cpu(0).raise(CpuContext.NMI, () -> {
            int r = b.lock();
            if (r == 0) {
                b.unlock();
            }
            nmi.set(r);
        });
        h.await("NMI pending on B", 5000, () -> Harness.pendingSet(b));
        NestingScenariosTest.sleep(100);
        clock.set(60_000_000);
        releaseB.countDown();
        h.await("task returned", 5000, () -> task.get() != UNSET);
        assertEquals(0, nmi.get(), "the NMI's own budget (to 90 ms) has not run out");
        assertEquals(-Errno.ETIMEDOUT, task.get(), "the task's budget (to 50 ms) has");
        releaseA.countDown();
        h.joinAll(5000);
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(1, d.count(CpuContext.NMI, RqOutcome.PENDING), d.toString());
        assertEquals(1, d.count(CpuContext.TASK, RqOutcome.TIMEOUT_PENDING), d.toString());
        h.assertClean();
    }

    @Test
    void waitTimeRunsFromTheFirstFailedPollAndAaRecordsZero() {
        FakeClock clock = new FakeClock(1_000);
        SimMachine m = SimMachine.builder().cpus(2).clock(clock).config(SPIN_50MS).seed(1).build();
        RqSpinLock a = new RqSpinLock(m);
        Harness h = new Harness(m, a);
        CountDownLatch release = new CountDownLatch(1);
        NestingScenariosTest.holdUntil(h, 1, a, release);
        AtomicInteger task = new AtomicInteger(UNSET);
        h.start(0, () -> {
            int r = a.lock();
            if (r == 0) {
                // AA on the first poll: a failure that never waited.
                task.set(a.lock());
                a.unlock();
            }
        });
        h.await("CPU 0 pending on A", 5000, () -> Harness.pendingSet(a));
        NestingScenariosTest.sleep(100);
        clock.advance(7_000_000);
        release.countDown();
        h.joinAll(5000);
        assertEquals(-Errno.EDEADLK, task.get());
        long[] hist = m.stats().waitHistogram(CpuContext.TASK);
        assertEquals(1, hist[WaitHistogram.bucket(0)], "the AA failure");
        assertEquals(1, hist[WaitHistogram.bucket(7_000_000)], "the pending wait");
        assertEquals(2, Arrays.stream(hist).sum());
        assertTrue(m.stats().waitPercentile(CpuContext.TASK, 100) >= 7_000_000);
        h.assertClean();
    }
}
