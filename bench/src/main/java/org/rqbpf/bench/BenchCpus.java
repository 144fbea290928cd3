package org.rqbpf.bench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.kernel.locking.WaitPolicy;

/**
 * The simulated machine shared by the lock and map benchmarks, and a JMH executor whose worker threads are
 * {@link org.rqbpf.kernel.CpuThread}s, each bound to its own simulated CPU for its whole life, so
 * {@code SimCpu.current()} takes the field path (no {@code ThreadLocal}) as on real CPU threads. Enabled
 * with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=org.rqbpf.bench.BenchCpus$Executor} (the
 * benchmarks' {@code @Fork} does it).
 */
public final class BenchCpus {
    /** CPUs of the bench machine; executors hand them out round-robin. */
    public static final int CPUS = 64;
    /**
     * Both locks wait with BACKOFF: this host has 2 hardware threads shared with other work, so even
     * 2 benchmark threads may be oversubscribed; the policy is the same for both, keeping the ratio fair.
     */
    public static final RqConfig CONFIG = RqConfig.builder().waitPolicy(WaitPolicy.of(WaitPolicy.Mode.BACKOFF)).build();
    /** The machine. */
    public static final SimMachine MACHINE = SimMachine.builder().cpus(CPUS).config(CONFIG).seed(1).build();

    private static final AtomicInteger NEXT_CPU = new AtomicInteger();

    private BenchCpus() {}

    /** JMH custom executor: a fixed pool of CPU threads. */
    public static final class Executor extends ThreadPoolExecutor {
        /** Called by JMH. */
        public Executor(int maxThreads, String prefix) {
            super(maxThreads, maxThreads, 1, TimeUnit.DAYS, new LinkedBlockingQueue<>(), r -> {
                int cpu = NEXT_CPU.getAndIncrement() % CPUS;
                return MACHINE.cpu(cpu).newThread(prefix + "-cpu" + cpu, r);
            });
        }
    }
}
