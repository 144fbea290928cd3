package org.rqbpf.kernel;

/**
 * A platform thread that runs a simulated CPU for its whole life. It carries its CPU in a field, so
 * {@link SimCpu#current()} finds it without a {@code ThreadLocal} (the lock fast path relies on that).
 * Create it with {@link SimCpu#newThread(String, Runnable)}; the body runs bound to the CPU, exactly as
 * if passed to {@link SimCpu#run(Runnable)}.
 */
public final class CpuThread extends Thread {
    private final SimCpu cpu;
    private final Runnable body;
    /** The CPU this thread is bound to right now; written only by this thread. */
    SimCpu bound;

    CpuThread(SimCpu cpu, String name, Runnable body) {
        super(name);
        this.cpu = cpu;
        this.body = body;
        setDaemon(true);
    }

    /** The CPU this thread runs. */
    public SimCpu cpu() {
        return cpu;
    }

    @Override
    public void run() {
        cpu.run(body);
    }
}
