package org.rqbpf.runtime.attach;

/**
 * One progress sample of a running attach: totals so far and the event rate over the last interval.
 *
 * @param elapsedNanos time since the workload started
 * @param eventsPerSecond events delivered per second (all CPUs) since the previous sample
 * @param events events delivered so far
 * @param runs program runs so far
 * @param mapOperations map operations so far (programs and host)
 * @param edeadlk {@code -EDEADLK} returns programs received so far
 * @param etimedout {@code -ETIMEDOUT} returns programs received so far
 */
public record Progress(long elapsedNanos, double eventsPerSecond, long events, long runs, long mapOperations,
        long edeadlk, long etimedout) {
    /** The progress line: {@code [2.0s] 201,345 events/s  runs 398,112  map ops 12,004  EDEADLK 3  ETIMEDOUT 0}. */
    public String line() {
        return String.format("[%.1fs] %,.0f events/s  runs %,d  map ops %,d  EDEADLK %,d  ETIMEDOUT %,d",
                elapsedNanos / 1e9, eventsPerSecond, runs, mapOperations, edeadlk, etimedout);
    }
}
