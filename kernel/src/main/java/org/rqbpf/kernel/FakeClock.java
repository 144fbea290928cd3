package org.rqbpf.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when a test says so. Thread-safe: simulated CPUs read it while the test thread
 * advances it. Beware that anything that waits on the clock (lock budgets, {@link SimCpu#delayNanos})
 * waits until someone advances it.
 */
public final class FakeClock implements Clock {
    private final AtomicLong now;

    /** A clock starting at 0. */
    public FakeClock() {
        this(0);
    }

    /** A clock starting at {@code start} nanoseconds. */
    public FakeClock(long start) {
        this.now = new AtomicLong(start);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves the clock forward by {@code nanos} (may be 0) and returns the new time. */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + nanos);
        }
        return now.addAndGet(nanos);
    }

    /** Sets the clock to {@code nanos}; it must not go backwards. */
    public void set(long nanos) {
        long prev = now.getAndSet(nanos);
        if (nanos - prev < 0) {
            now.set(prev);
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + prev + " -> " + nanos);
        }
    }
}
