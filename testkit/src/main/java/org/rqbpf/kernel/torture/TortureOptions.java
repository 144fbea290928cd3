package org.rqbpf.kernel.torture;

import java.time.Duration;
import java.util.Objects;
import org.rqbpf.kernel.locking.RqConfig;

/**
 * Options of a lock torture run ({@code rqbpf torture}). Use {@link #defaults()} and the withers.
 *
 * @param lock       lock under test
 * @param cpus       simulated CPUs (1..64 from the CLI; injection modes need at least 3)
 * @param duration   run time
 * @param mode       deadlock injection mode
 * @param holdNanos  critical-section length of writers; NMI holders hold half of it; negative = the
 *                   mode's default (1 µs for {@code none}, 2 ms with injection)
 * @param seed       seed of the NMI jitter and every per-CPU stream
 * @param config     lock configuration (timeouts, wait policy)
 */
public record TortureOptions(LockKind lock, int cpus, Duration duration, Mode mode, long holdNanos, long seed,
                             RqConfig config) {
    /** Lock under test. */
    public enum LockKind {
        /** {@code RqSpinLock}. */
        RQSPINLOCK,
        /** {@code QSpinLock}; only mode none (an injected deadlock would hang it). */
        QSPINLOCK
    }

    /** Deadlock injection (rqspinlock.md S10). */
    public enum Mode {
        /** Writers only: every CPU hammers one lock. */
        NONE,
        /** An NMI on a writer's CPU takes the writer's lock. */
        AA,
        /** Odd CPUs take (B, then A in NMI), even CPUs (A, then B). */
        ABBA,
        /** By {@code cpu % 3}: (A, B), (B, C), (C, A): a 3-cycle only the timeout ends. */
        ABBCCA
    }

    /** Validates. */
    public TortureOptions {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(config, "config");
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("--cpus must be 1..4096: " + cpus);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
        if (lock == LockKind.QSPINLOCK && mode != Mode.NONE) {
            throw new IllegalArgumentException("--lock qspinlock cannot run --mode " + mode.name().toLowerCase()
                    + ": a plain qspinlock has no deadlock detection, so the injected deadlock would hang");
        }
        if (mode != Mode.NONE && cpus < 3) {
            throw new IllegalArgumentException("--mode " + mode.name().toLowerCase()
                    + " needs at least 3 CPUs (CPU 0 coordinates): " + cpus);
        }
    }

    /** rqspinlock, 4 CPUs, 10 s, none, default hold, seed 0, the global lock configuration. */
    public static TortureOptions defaults() {
        return new TortureOptions(LockKind.RQSPINLOCK, 4, Duration.ofSeconds(10), Mode.NONE, -1, 0,
                RqConfig.getDefault());
    }

    /** Effective writer hold in nanoseconds. */
    public long effectiveHoldNanos() {
        if (holdNanos >= 0) {
            return holdNanos;
        }
        return mode == Mode.NONE ? 1_000 : 2_000_000;
    }

    /** With another lock kind. */
    public TortureOptions withLock(LockKind l) {
        return new TortureOptions(l, cpus, duration, mode, holdNanos, seed, config);
    }

    /** With another CPU count. */
    public TortureOptions withCpus(int n) {
        return new TortureOptions(lock, n, duration, mode, holdNanos, seed, config);
    }

    /** With another duration. */
    public TortureOptions withDuration(Duration d) {
        return new TortureOptions(lock, cpus, d, mode, holdNanos, seed, config);
    }

    /** With another mode. */
    public TortureOptions withMode(Mode m) {
        return new TortureOptions(lock, cpus, duration, m, holdNanos, seed, config);
    }

    /** With another hold. */
    public TortureOptions withHoldNanos(long h) {
        return new TortureOptions(lock, cpus, duration, mode, h, seed, config);
    }

    /** With another seed. */
    public TortureOptions withSeed(long s) {
        return new TortureOptions(lock, cpus, duration, mode, holdNanos, s, config);
    }

    /** With another lock configuration. */
    public TortureOptions withConfig(RqConfig c) {
        return new TortureOptions(lock, cpus, duration, mode, holdNanos, seed, c);
    }
}
