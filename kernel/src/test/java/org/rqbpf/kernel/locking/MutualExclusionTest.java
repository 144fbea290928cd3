package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Invariant 1 under contention at 2, 4, 8 and 16 CPUs (more CPUs than this host's hardware threads
 * must still give zero false timeouts), and scenario S11 (baseline parity).
 */
@Timeout(120)
class MutualExclusionTest {
    private static final long RUN_MS = 400;

    @ParameterizedTest(name = "rqspinlock, {0} CPUs")
    @ValueSource(ints = {2, 4, 8, 16})
    void rqSpinLockExcludesWithoutFalseTimeouts(int cpus) {
        SimMachine m = SimMachine.builder().cpus(cpus).config(RqConfig.defaults()).build();
        RqSpinLock lock = new RqSpinLock(m);
        Result r = contend(m, lock, () -> lock.lock() == 0, lock::unlock, RUN_MS, 200);
        RqStats.Snapshot d = r.stats;
        assertEquals(0, r.violations, "mutual exclusion violations");
        assertEquals(r.calls, d.total(), "one outcome per lock() call: " + d);
        assertEquals(r.calls, d.successes(), "no failures in a deadlock-free run: " + d);
        assertEquals(r.acquired, r.counter, "unsynchronized counter lost updates");
        new Harness(m, lock).assertClean();
    }

    @ParameterizedTest(name = "qspinlock, {0} CPUs")
    @ValueSource(ints = {2, 4, 8, 16})
    void qSpinLockExcludes(int cpus) {
        SimMachine m = SimMachine.builder().cpus(cpus).config(RqConfig.defaults()).build();
        QSpinLock lock = new QSpinLock(m);
        Result r = contend(m, lock, () -> {
            lock.lock();
            return true;
        }, lock::unlock, RUN_MS, 200);
        assertEquals(0, r.violations);
        assertEquals(r.acquired, r.counter);
        new Harness(m, lock).assertClean();
    }

    @Test
    void tasVariantExcludes() {
        RqConfig tas = RqConfig.builder().algorithm(Algorithm.TAS).build();
        SimMachine m = SimMachine.builder().cpus(4).config(tas).build();
        RqSpinLock lock = new RqSpinLock(m);
        Result r = contend(m, lock, () -> lock.lock() == 0, lock::unlock, 300, 200);
        assertEquals(0, r.violations);
        assertEquals(r.calls, r.stats.successes(), r.stats.toString());
        assertEquals(r.calls, r.stats.count(RqOutcome.FAST) + r.stats.count(RqOutcome.TAS));
        new Harness(m, lock).assertClean();
    }

    @Test
    void tasVariantDetectsAaAndTimesOut() {
        RqConfig tas = RqConfig.builder().algorithm(Algorithm.TAS)
                .tasTimeout(java.time.Duration.ofMillis(100)).build();
        SimMachine m = SimMachine.builder().cpus(2).config(tas).build();
        RqSpinLock a = new RqSpinLock(m);
        Harness h = new Harness(m, a);
        m.cpu(0).run(() -> {
            assertEquals(0, a.lock());
            assertEquals(1, a.word());
            assertEquals(-Errno.EDEADLK, a.lock());
            a.unlock();
        });
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        NestingScenariosTest.holdUntil(h, 1, a, release);
        m.cpu(0).run(() -> assertEquals(-Errno.ETIMEDOUT, a.lock()));
        release.countDown();
        h.joinAll(2000);
        assertEquals(1, m.stats().count(RqOutcome.TIMEOUT_TAS));
        assertEquals(1, m.stats().count(RqOutcome.AA));
        h.assertClean();
    }

    /** S11: 10^6 uncontended pairs are all FAST; 4 CPUs contended for 1 s exclude on both locks. */
    @Test
    void s11BaselineParity() {
        SimMachine m = SimMachine.builder().cpus(4).config(RqConfig.defaults()).build();
        RqSpinLock rq = new RqSpinLock(m);
        QSpinLock q = new QSpinLock(m);
        RqStats.Snapshot before = m.stats().snapshot();
        m.cpu(0).run(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                rq.lock();
                rq.unlock();
                q.lock();
                q.unlock();
            }
        });
        RqStats.Snapshot d = m.stats().snapshot().minus(before);
        assertEquals(1_000_000, d.count(RqOutcome.FAST));
        assertEquals(1_000_000, d.total());
        Result r1 = contend(m, rq, () -> rq.lock() == 0, rq::unlock, 500, 0);
        assertEquals(0, r1.violations);
        Result r2 = contend(m, q, () -> {
            q.lock();
            return true;
        }, q::unlock, 500, 0);
        assertEquals(0, r2.violations);
        new Harness(m, rq, q).assertClean();
    }

    record Result(long calls, long acquired, long counter, long violations, RqStats.Snapshot stats) {}

    interface Acquire {
        boolean lock();
    }

    /** Every CPU loops {lock; owner CAS; counter++; hold; owner back; unlock} for {@code ms}. */
    static Result contend(SimMachine m, LockWord lock, Acquire acquire, Runnable release, long ms, long holdNs) {
        Harness h = new Harness(m, lock);
        AtomicInteger owner = new AtomicInteger(-1);
        AtomicLong violations = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong acquired = new AtomicLong();
        long[] counter = new long[1];
        RqStats.Snapshot before = m.stats().snapshot();
        long end = System.nanoTime() + ms * 1_000_000;
        for (int cpu = 0; cpu < m.cpuCount(); cpu++) {
            h.start(cpu, () -> {
                SimCpu me = SimCpu.current();
                long n = 0;
                long ok = 0;
                while (System.nanoTime() - end < 0) {
                    n++;
                    if (!acquire.lock()) {
                        continue;
                    }
                    ok++;
                    if (!owner.compareAndSet(-1, me.id())) {
                        violations.incrementAndGet();
                    }
                    counter[0]++;
                    if (holdNs > 0) {
                        me.delayNanos(holdNs);
                    }
                    if (!owner.compareAndSet(me.id(), -1)) {
                        violations.incrementAndGet();
                    }
                    release.run();
                }
                calls.addAndGet(n);
                acquired.addAndGet(ok);
            });
        }
        h.joinAll(ms + 30_000);
        return new Result(calls.get(), acquired.get(), counter[0], violations.get(),
                m.stats().snapshot().minus(before));
    }
}
