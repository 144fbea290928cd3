package org.rqbpf.kernel;

/**
 * Source of monotonic nanoseconds for a {@link SimMachine}: lock deadlines, {@link SimCpu#delayNanos},
 * timed interrupt arrivals and wait-time statistics all read it.
 *
 * <p>Values are compared only by subtraction ({@code a - b > 0}), never with {@code a > b}, so a clock
 * may start anywhere and wrap around.
 */
@FunctionalInterface
public interface Clock {
    /** Monotonic time in nanoseconds. */
    long nanoTime();
}
