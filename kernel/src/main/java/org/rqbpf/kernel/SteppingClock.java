package org.rqbpf.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves by a fixed step at every read: time is the number of reads. A single CPU spinning
 * against a budget then times out after exactly as many reads as the budget holds steps, whatever the
 * machine's load, so a scenario can assert "timed out after 250 ms" and "detected at once" in clock time,
 * deterministically. (Several spinning CPUs share it, so there each one's reads speed the others' time.)
 */
public final class SteppingClock implements Clock {
    private final AtomicLong now = new AtomicLong();
    private final long step;

    /** A clock at 0 that moves {@code stepNanos} (at least 1) at every read. */
    public SteppingClock(long stepNanos) {
        if (stepNanos < 1) {
            throw new IllegalArgumentException("the step must be at least 1 ns: " + stepNanos);
        }
        this.step = stepNanos;
    }

    @Override
    public long nanoTime() {
        return now.addAndGet(step);
    }
}
