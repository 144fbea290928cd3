package org.rqbpf.speed;

/**
 * How to benchmark.
 *
 * @param rounds measured rounds; in each, every program runs one batch on every engine in turn
 * @param loadRounds how many times every engine loads the programs (the load times' sample)
 * @param warmupMillis per program and engine, runs before measuring (the JVM compiles rqbpf's code, caches
 *     fill), also used to size the batches
 * @param batchMillis the target length of one batch: runs per batch = this / the warm-up's time per run
 */
public record BenchOptions(int rounds, int loadRounds, long warmupMillis, long batchMillis) {
    public BenchOptions {
        if (rounds < 1 || loadRounds < 1 || warmupMillis < 0 || batchMillis < 1) {
            throw new IllegalArgumentException("rounds and load rounds must be at least 1, the batch at least 1 ms");
        }
    }

    public static BenchOptions defaults() {
        return new BenchOptions(10, 5, 500, 20);
    }
}
