package org.rqbpf.kernel.locking;

import java.time.Duration;

/**
 * How waiting loops spin, yield and park (rqspinlock.md §10).
 *
 * @param mode            {@link Mode#SPIN}, {@link Mode#BACKOFF} or {@link Mode#AUTO}
 * @param spinPolls       BACKOFF: polls of pure spinning before yielding and checking every poll (default 64)
 * @param parkAfterNanos  BACKOFF: after waiting this long in one loop, park instead of yield (default 1 ms)
 * @param parkNanos       BACKOFF: length of one park (default 20 µs)
 */
public record WaitPolicy(Mode mode, int spinPolls, long parkAfterNanos, long parkNanos) {
    /** Waiting-loop modes. */
    public enum Mode {
        /** Kernel-exact: check on the first poll then every 65 536th, yield after each later check. */
        SPIN,
        /** Spin {@code spinPolls}, then check and yield every poll, then park after {@code parkAfter}. */
        BACKOFF,
        /** BACKOFF when the machine has more CPUs than the host has hardware threads, else SPIN. */
        AUTO
    }

    /** Defaults: AUTO, 64 polls, 1 ms, 20 µs. */
    public static final WaitPolicy DEFAULT = new WaitPolicy(Mode.AUTO, 64, 1_000_000, 20_000);

    /** Validates. */
    public WaitPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (spinPolls < 1 || spinPolls > 65_536) {
            throw new IllegalArgumentException("spinPolls must be 1..65536: " + spinPolls);
        }
        if (parkAfterNanos < 0 || parkNanos < 1) {
            throw new IllegalArgumentException("parkAfter must be >= 0 and parkNanos >= 1");
        }
    }

    /** The default policy with another mode. */
    public static WaitPolicy of(Mode mode) {
        return DEFAULT.withMode(mode);
    }

    /** This policy with another mode. */
    public WaitPolicy withMode(Mode m) {
        return new WaitPolicy(m, spinPolls, parkAfterNanos, parkNanos);
    }

    /** The mode a machine with {@code cpus} CPUs runs: AUTO resolved against the host's processors. */
    public Mode effectiveMode(int cpus) {
        if (mode != Mode.AUTO) {
            return mode;
        }
        return cpus > Runtime.getRuntime().availableProcessors() ? Mode.BACKOFF : Mode.SPIN;
    }

    @Override
    public String toString() {
        return mode + "(spinPolls=" + spinPolls + ", parkAfter=" + Duration.ofNanos(parkAfterNanos)
                + ", park=" + Duration.ofNanos(parkNanos) + ")";
    }
}
