package org.rqbpf.kernel;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A stream of interrupt arrivals on one CPU (runtime.md "Simulated CPUs and contexts"). Each arrival
 * raises {@code handler} in {@code context} on the CPU it is installed on (so coalescing and the
 * delivery rules of {@link SimCpu#raise} apply) and is delivered at that CPU's next interrupt point where
 * it is deliverable.
 *
 * <ul>
 *   <li><b>stepped</b>: the CPU's arrival stream gives the number of interrupt points until the next
 *       arrival (exponentially distributed with the given mean, at least 1) and the CPU counts them
 *       down, so one CPU's run replays exactly for the same seed;</li>
 *   <li><b>timed</b>: arrivals follow the CPU's clock with exponential gaps at {@code ratePerSecond}.</li>
 * </ul>
 * Install with {@link SimCpu#addInterruptSource(InterruptSource)}.
 */
public final class InterruptSource {
    enum Kind { STEPPED, TIMED }

    final Kind kind;
    final CpuContext context;
    final double mean;
    final Runnable handler;

    private InterruptSource(Kind kind, CpuContext context, double mean, Runnable handler) {
        if (context == CpuContext.TASK) {
            throw new IllegalArgumentException("interrupts arrive in softirq, hardirq or NMI context, not task");
        }
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("mean gap must be positive and finite: " + mean);
        }
        this.kind = kind;
        this.context = Objects.requireNonNull(context, "context");
        this.mean = mean;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Arrivals every {@code meanPoints} interrupt points on average (seeded, reproducible per CPU). */
    public static InterruptSource stepped(CpuContext context, double meanPoints, Runnable handler) {
        return new InterruptSource(Kind.STEPPED, context, meanPoints, handler);
    }

    /** Arrivals at {@code ratePerSecond} on average in wall-clock (machine clock) time. */
    public static InterruptSource timed(CpuContext context, double ratePerSecond, Runnable handler) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        return new InterruptSource(Kind.TIMED, context, 1e9 / ratePerSecond, handler);
    }

    /** The context arrivals are raised in. */
    public CpuContext context() {
        return context;
    }

    /** Installed state of a source on one CPU; touched only by the CPU's bound thread. */
    static final class Arrival {
        final InterruptSource source;
        private final SplittableRandom random;
        /** Stepped: interrupt points left. Timed: clock time of the next arrival. */
        long next;

        Arrival(InterruptSource source, SplittableRandom random, long now) {
            this.source = source;
            this.random = random;
            this.next = source.kind == Kind.STEPPED ? gap() : now + gap();
        }

        /** An exponential gap with the source's mean, at least 1 (points or nanoseconds). */
        long gap() {
            double u = 1.0 - random.nextDouble();
            return Math.max(1L, (long) Math.ceil(-Math.log(u) * source.mean));
        }

        /** Advances by one interrupt point at time {@code now}; true when an arrival is due. */
        boolean tick(long now) {
            if (source.kind == Kind.STEPPED) {
                if (--next > 0) {
                    return false;
                }
                next = gap();
                return true;
            }
            if (now - next < 0) {
                return false;
            }
            next = now + gap();
            return true;
        }
    }
}
