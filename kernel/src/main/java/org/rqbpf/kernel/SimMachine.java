package org.rqbpf.kernel;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.kernel.locking.RqStats;

/**
 * A simulated machine: {@code N} CPUs ({@code 1 <= N <= 4096}, fixed at creation), a clock, a seed from
 * which every per-CPU random stream derives, its program memory, and the lock statistics of all CPUs.
 *
 * <pre>{@code
 * SimMachine m = SimMachine.builder().cpus(4).seed(42).build();
 * int r = m.cpu(0).call(() -> lock.lock());
 * }</pre>
 */
public final class SimMachine {
    /** Largest supported CPU count. */
    public static final int MAX_CPUS = 4096;

    private final SimCpu[] cpus;
    private final List<SimCpu> cpuList;
    private final Clock clock;
    private final long seed;
    private final RqConfig config;
    private final RqStats stats;
    private final Memory memory;

    private SimMachine(Builder b) {
        if (b.cpus < 1 || b.cpus > MAX_CPUS) {
            throw new IllegalArgumentException("CPU count must be 1.." + MAX_CPUS + ": " + b.cpus);
        }
        this.clock = b.clock;
        this.seed = b.seed;
        this.config = b.config;
        this.cpus = new SimCpu[b.cpus];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new SimCpu(this, i, seed);
        }
        this.cpuList = Collections.unmodifiableList(Arrays.asList(cpus));
        this.stats = new RqStats(this);
        this.memory = new Memory(this);
    }

    /** A machine with {@code cpus} CPUs, the system clock, seed 0 and the global lock configuration. */
    public SimMachine(int cpus) {
        this(builder().cpus(cpus));
    }

    /** A machine with {@code cpus} CPUs and the given clock. */
    public SimMachine(int cpus, Clock clock) {
        this(builder().cpus(cpus).clock(clock));
    }

    /** A builder: 1 CPU, {@link SystemClock}, seed 0, the global lock configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** The CPU with id {@code id}. */
    public SimCpu cpu(int id) {
        if (id < 0 || id >= cpus.length) {
            throw new IndexOutOfBoundsException("no CPU " + id + " on a " + cpus.length + "-CPU machine");
        }
        return cpus[id];
    }

    /** All CPUs in id order. */
    public List<SimCpu> cpus() {
        return cpuList;
    }

    /** Number of CPUs. */
    public int cpuCount() {
        return cpus.length;
    }

    /** The machine clock. */
    public Clock clock() {
        return clock;
    }

    /** The seed every random stream of this machine derives from. */
    public long seed() {
        return seed;
    }

    /**
     * Configuration of locks created on this machine without an explicit one: the builder's, or else
     * the global default at the time of the call ({@link RqConfig#getDefault()}).
     */
    public RqConfig config() {
        return config != null ? config : RqConfig.getDefault();
    }

    /** Lock outcome counters and wait histograms of all CPUs. */
    public RqStats stats() {
        return stats;
    }

    /** The machine's program memory (regions, checked loads and stores, lock views). */
    public Memory memory() {
        return memory;
    }

    @Override
    public String toString() {
        return "SimMachine[" + cpus.length + " CPUs, seed " + seed + "]";
    }

    /** Builder of {@link SimMachine}. */
    public static final class Builder {
        private int cpus = 1;
        private Clock clock = SystemClock.INSTANCE;
        private long seed;
        private RqConfig config;

        private Builder() {}

        /** Number of CPUs, 1..4096. */
        public Builder cpus(int n) {
            this.cpus = n;
            return this;
        }

        /** The clock (default {@link SystemClock}). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The seed of all random streams (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Lock configuration for locks created on the machine (default: the global default). */
        public Builder config(RqConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** Builds the machine. */
        public SimMachine build() {
            return new SimMachine(this);
        }
    }
}
