package org.rqbpf.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * Verifier speed on generated programs: straight-line code, branchy code (diamonds whose joins prune),
 * a bounded loop explored iteration by iteration, and a loop that runs into the 1,000,000-instruction
 * complexity limit. Divide {@link VerifierResult#stats()}'s processed instructions by the time per
 * operation for instructions per second; {@link #main} prints that table directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBench {
    @Param({"straight", "branchy", "looping", "limit"})
    public String shape;

    private Program program;

    @Setup
    public void setup() {
        program = assemble(shape);
    }

    @Benchmark
    public VerifierResult verify() {
        return Verifier.verify(program, program.programs().get(0), Options.level(0));
    }

    static Program assemble(String shape) {
        Assembly a = Assembler.assemble(shape + ".bpf", source(shape));
        if (!a.ok()) {
            throw new IllegalStateException(a.renderErrors());
        }
        return a.program();
    }

    /** The generated program text of a shape. */
    static String source(String shape) {
        StringBuilder sb = new StringBuilder("SEC(\"tc\")\nbench:\n");
        switch (shape) {
            case "straight" -> {
                sb.append("\tr0 = 0\n\tr1 = 1\n");
                for (int i = 0; i < 20_000; i++) {
                    sb.append(i % 2 == 0 ? "\tr0 += r1\n" : "\tr1 ^= 3\n");
                }
            }
            case "branchy" -> {
                for (int i = 0; i < 2_000; i++) {
                    sb.append("\tcall bpf_get_prandom_u32\n\tr6 = r0\n\tr6 &= 255\n");
                    sb.append("\tif r6 > 100 goto j").append(i).append('\n');
                    sb.append("\tr7 = ").append(i).append("\n\tr8 = r7\n");
                    sb.append("j").append(i).append(":\n\tr9 = 1\n");
                }
            }
            case "looping" -> sb.append("\tr1 = 0\n\tr0 = 0\nloop:\n\tr2 = r1\n\tr2 &= 7\n\tr0 += r2\n\tr1 += 1\n"
                    + "\tif r1 < 20000 goto loop\n");
            case "limit" -> sb.append("\tr1 = 0\nloop:\n\tr1 += 1\n\tif r1 > 0 goto loop\n");
            default -> throw new IllegalArgumentException(shape);
        }
        return sb.append("\tr0 = 0\n\texit\n").toString();
    }

    /** One-shot table: processed instructions per second, states and pruning per shape. */
    public static void main(String[] args) {
        for (String shape : new String[] {"straight", "branchy", "looping", "limit"}) {
            Program p = assemble(shape);
            VerifierResult r = null;
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                r = Verifier.verify(p, p.programs().get(0), Options.level(0));
                best = Math.min(best, System.nanoTime() - t0);
            }
            var s = r.stats();
            System.out.printf("%-9s %-8s processed=%d best=%.1f ms  %.2f M insn/s  total_states=%d peak=%d"
                    + " prune_hits=%d/%d (%.0f%%)%n", shape, r.accepted() ? "accepted" : "rejected", s.processedInsns(),
                    best / 1e6, s.processedInsns() / (best / 1e3), s.totalStates(), s.peakStates(), s.pruneHits(),
                    s.pruneChecks(), 100 * s.pruneHitRate());
        }
    }
}
