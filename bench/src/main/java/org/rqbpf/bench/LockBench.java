package org.rqbpf.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.locking.QSpinLock;
import org.rqbpf.kernel.locking.RqSpinLock;

/**
 * Lock benchmarks (rqspinlock.md §16, design.md targets). Every JMH thread is a CPU thread of
 * {@link BenchCpus#MACHINE}. {@code uncontended*}: one thread, lock+unlock. {@code contended*}: run with
 * {@code -t T}; each op is lock, critical section of {@code d} ns ({@code cpu.delayNanos}), unlock.
 * {@code aaDetect}: lock A, lock A again (AA on the first poll), unlock: the whole triple's cost.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=org.rqbpf.bench.BenchCpus$Executor"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LockBench {
    /** Critical section in ns for the contended benchmarks. */
    @Param({"0"})
    public long d;

    RqSpinLock rq;
    QSpinLock q;
    final AtomicInteger cas = new AtomicInteger();
    final ReentrantLock reentrant = new ReentrantLock();
    final Object monitor = new Object();

    /** Fresh locks per trial. */
    @Setup
    public void setUp() {
        rq = new RqSpinLock(BenchCpus.MACHINE);
        q = new QSpinLock(BenchCpus.MACHINE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int uncontendedRq() {
        int r = rq.lock();
        rq.unlock();
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void uncontendedQ() {
        q.lock();
        q.unlock();
    }

    /** The bare CAS + release-store pair of the design target. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean uncontendedBareCas() {
        boolean ok = cas.compareAndSet(0, 1);
        cas.setRelease(0);
        return ok;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void uncontendedReentrantLock() {
        reentrant.lock();
        reentrant.unlock();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object uncontendedSynchronized() {
        synchronized (monitor) {
            return monitor;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int aaDetect() {
        rq.lock();
        int r = rq.lock();
        rq.unlock();
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int contendedRq() {
        int r = rq.lock();
        if (r == 0) {
            if (d > 0) {
                SimCpu.current().delayNanos(d);
            }
            rq.unlock();
        }
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void contendedQ() {
        q.lock();
        if (d > 0) {
            SimCpu.current().delayNanos(d);
        }
        q.unlock();
    }
}
