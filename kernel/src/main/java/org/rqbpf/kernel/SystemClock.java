package org.rqbpf.kernel;

/** The real clock: {@link System#nanoTime()}. */
public final class SystemClock implements Clock {
    /** The shared instance; the class has no state. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
