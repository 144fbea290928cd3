package org.rqbpf.speed;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * {@code rqbpf bench}: the same programs on several engines, measured side by side.
 *
 * <ol>
 *   <li><b>Load</b>: every engine loads all the programs again and again for {@code warmupMillis} (so
 *       rqbpf's verifier, linker and compiler run JIT-compiled, as in a long-lived loader), then
 *       {@code loadRounds} measured times, engines taking turns; the last load stays for the runs.
 *   <li><b>Warm-up</b>: per program (in file order, so state one leaves in a map is there for the next)
 *       and engine, batches of doubling size for {@code warmupMillis}; the last batch's time per run
 *       sizes that pair's measured batches to about {@code batchMillis}.
 *   <li><b>Rounds</b>: in each round every program runs one batch on every engine, the engines' order
 *       rotating from round to round, so a drift of the machine (frequency, another process) falls on
 *       all of them alike.
 * </ol>
 */
public final class Bench {
    private Bench() {}

    /**
     * Benchmarks {@code programs} of {@code file} on {@code engines}.
     *
     * @throws BenchException if an engine refuses a program, a run faults or the kernel fails
     */
    public static List<BenchResult> run(Program file, List<BpfProgram> programs, List<Engine> engines, BenchOptions options)
            throws BenchException {
        List<EngineSide> sides = new ArrayList<>();
        try {
            for (Engine e : engines) {
                sides.add(e == Engine.LINUX ? new LinuxSide(file, programs) : new RqbpfSide(e, file, programs));
            }
            int n = programs.size();
            for (EngineSide side : sides) {
                warmUpLoads(side, options);
            }
            double[][][] loads = new double[sides.size()][n][options.loadRounds()];
            for (int round = 0; round < options.loadRounds(); round++) {
                for (int s = 0; s < sides.size(); s++) {
                    long[] nanos = sides.get(s).load();
                    for (int i = 0; i < n; i++) {
                        loads[s][i][round] = nanos[i] / 1e6;
                    }
                }
            }
            int[][] batch = new int[sides.size()][n];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sides.size(); s++) {
                    batch[s][i] = warmUp(sides.get(s), i, options);
                }
            }
            double[][][] times = new double[sides.size()][n][options.rounds()];
            for (int round = 0; round < options.rounds(); round++) {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < sides.size(); k++) {
                        int s = (k + round) % sides.size();
                        times[s][i][round] = sides.get(s).run(i, batch[s][i]);
                    }
                }
            }
            List<BenchResult> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sides.size(); s++) {
                    EngineSide side = sides.get(s);
                    out.add(new BenchResult(programs.get(i).name(), side.engine(), batch[s][i], new Samples(times[s][i]),
                            new Samples(loads[s][i]), (int) side.lastR0(i)));
                }
            }
            return out;
        } finally {
            for (EngineSide s : sides) {
                s.close();
            }
        }
    }

    /** Loads the programs on {@code side} until the warm-up time is over (at least once). */
    private static void warmUpLoads(EngineSide side, BenchOptions options) throws BenchException {
        long deadline = System.nanoTime() + options.warmupMillis() * 1_000_000;
        do {
            side.load();
        } while (System.nanoTime() < deadline);
    }

    /** Runs batches of 1, 2, 4, ... runs for the warm-up time; returns the runs per measured batch. */
    private static int warmUp(EngineSide side, int index, BenchOptions options) throws BenchException {
        long deadline = System.nanoTime() + options.warmupMillis() * 1_000_000;
        long runs = 1;
        double nsPerRun = side.run(index, 1);
        while (System.nanoTime() < deadline) {
            nsPerRun = side.run(index, (int) runs);
            if (runs * nsPerRun < options.batchMillis() * 1e6) {
                runs = Math.min(runs * 2, Integer.MAX_VALUE / 2);
            }
        }
        double perBatch = options.batchMillis() * 1e6 / Math.max(nsPerRun, 0.1);
        return (int) Math.max(1, Math.min(perBatch, Integer.MAX_VALUE / 2));
    }
}
