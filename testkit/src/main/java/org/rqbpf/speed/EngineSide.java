package org.rqbpf.speed;

/**
 * One engine's view of the benchmarked programs: it loads them (timing each program's load) and runs
 * one of them a number of times back to back (timing the runs). Programs are indexed as the benchmark
 * lists them; they share one set of maps, so state one program leaves is seen by the next, as when the
 * same object is loaded once.
 */
interface EngineSide extends AutoCloseable {
    Engine engine();

    /**
     * Loads every program anew (closing what an earlier call loaded) and returns each one's load time in
     * nanoseconds.
     *
     * @throws BenchException if a program is refused or cannot be loaded
     */
    long[] load() throws BenchException;

    /** Runs program {@code index} {@code runs} times in a row and returns the time per run in nanoseconds. */
    double run(int index, int runs) throws BenchException;

    /** {@code r0} of program {@code index}'s latest run. */
    long lastR0(int index);

    @Override
    void close();
}
