package org.rqbpf.kernel.torture;

/**
 * A once-a-second progress sample of a torture run.
 *
 * @param elapsedMillis time since the start
 * @param acquisitions  successful lock calls so far (all CPUs and contexts)
 * @param failures      failed lock calls so far
 * @param violations    mutual-exclusion violations so far (must stay 0)
 */
public record TortureProgress(long elapsedMillis, long acquisitions, long failures, long violations) {
    @Override
    public String toString() {
        return String.format("%6.1fs  acquisitions %,d  failures %,d  violations %d", elapsedMillis / 1000.0,
                acquisitions, failures, violations);
    }
}
