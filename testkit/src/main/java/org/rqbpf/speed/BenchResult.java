package org.rqbpf.speed;

/**
 * One program on one engine.
 *
 * @param runsPerBatch runs in each measured batch
 * @param nsPerRun one value per round: the batch's time per run
 * @param loadMillis one value per load round
 * @param r0 the last run's return value (the low 32 bits, as {@code BPF_PROG_TEST_RUN} reports it)
 */
public record BenchResult(String program, Engine engine, int runsPerBatch, Samples nsPerRun, Samples loadMillis, int r0) {}
