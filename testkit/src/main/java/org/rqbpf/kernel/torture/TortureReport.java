package org.rqbpf.kernel.torture;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Result of a torture run: acquisitions (total and per CPU), mutual-exclusion violations, outcomes by
 * context and kind, wait-time percentiles, and whether the run ended clean (no hang, every lock word 0,
 * every held table and node count 0). Renders as text or as JSON.
 *
 * @param options       what ran
 * @param elapsedMillis wall time of the run
 * @param acquisitions  successful lock calls, all CPUs and contexts
 * @param perCpu        successful lock calls per CPU
 * @param failures      failed lock calls (deadlock or timeout verdicts)
 * @param violations    mutual-exclusion violations (must be 0)
 * @param outcomes      {@code context.OUTCOME -> count} (rqspinlock only; empty for qspinlock)
 * @param waits         {@code context -> [p50, p90, p99, p99.9, max]} wait times in ns (lock call to return)
 * @param nmisRaised    NMIs raised by the coordinator
 * @param nmisDelivered NMIs that ran
 * @param hung          a CPU did not finish within its bound after the stop
 * @param clean         all lock words 0, all held tables empty, all node counts 0 after the run
 * @param stateDump     words, tables and nodes when not clean or hung, else empty
 */
public record TortureReport(TortureOptions options, long elapsedMillis, long acquisitions, long[] perCpu,
                            long failures, long violations, Map<String, Long> outcomes, Map<String, long[]> waits,
                            long nmisRaised, long nmisDelivered, boolean hung, boolean clean, String stateDump) {
    /** Percentile labels of {@link #waits} entries. */
    public static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "max"};

    /** No violation, no hang, clean state. */
    public boolean passed() {
        return violations == 0 && !hung && clean;
    }

    /** Smallest per-CPU acquisition count (over CPUs that run writers). */
    public long minPerCpu() {
        return Arrays.stream(writerCounts()).min().orElse(0);
    }

    /** Largest per-CPU acquisition count. */
    public long maxPerCpu() {
        return Arrays.stream(writerCounts()).max().orElse(0);
    }

    private long[] writerCounts() {
        return options.mode() == TortureOptions.Mode.NONE || perCpu.length < 2
                ? perCpu : Arrays.copyOfRange(perCpu, 1, perCpu.length);
    }

    /** Acquisitions per second. */
    public double acquisitionsPerSecond() {
        return elapsedMillis == 0 ? 0 : acquisitions * 1000.0 / elapsedMillis;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Human-readable report. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("torture: %s, %d CPUs, mode %s, hold %d ns, seed %d, %.1f s%n", lower(options.lock()),
                options.cpus(), lower(options.mode()), options.effectiveHoldNanos(), options.seed(), elapsedMillis / 1000.0));
        sb.append(String.format("acquisitions: %,d (%,.0f/s), per CPU min %,d max %,d%n", acquisitions,
                acquisitionsPerSecond(), minPerCpu(), maxPerCpu()));
        sb.append(String.format("failures: %,d%n", failures));
        sb.append(String.format("mutual-exclusion violations: %d%n", violations));
        if (options.mode() != TortureOptions.Mode.NONE) {
            sb.append(String.format("NMIs: raised %,d, delivered %,d%n", nmisRaised, nmisDelivered));
        }
        if (!outcomes.isEmpty()) {
            sb.append("outcomes:\n");
            outcomes.forEach((k, v) -> sb.append(String.format("  %-24s %,d%n", k, v)));
        }
        sb.append("wait times (ns):\n");
        waits.forEach((ctx, p) -> {
            sb.append(String.format("  %-8s", ctx));
            for (int i = 0; i < p.length; i++) {
                sb.append(String.format(" %s %,d", PERCENTILES[i], p[i]));
            }
            sb.append('\n');
        });
        sb.append("state after run: ").append(hung ? "HUNG" : clean ? "clean" : "NOT CLEAN").append('\n');
        if (!stateDump.isEmpty()) {
            sb.append(stateDump);
        }
        sb.append(passed() ? "PASS" : "FAIL").append('\n');
        return sb.toString();
    }

    /** JSON object (hand-written; keys are stable). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "lock", str(lower(options.lock()))).append(',');
        field(sb, "cpus", Integer.toString(options.cpus())).append(',');
        field(sb, "mode", str(lower(options.mode()))).append(',');
        field(sb, "holdNs", Long.toString(options.effectiveHoldNanos())).append(',');
        field(sb, "seed", Long.toString(options.seed())).append(',');
        field(sb, "elapsedMs", Long.toString(elapsedMillis)).append(',');
        field(sb, "acquisitions", Long.toString(acquisitions)).append(',');
        StringBuilder per = new StringBuilder("[");
        for (int i = 0; i < perCpu.length; i++) {
            per.append(i == 0 ? "" : ",").append(perCpu[i]);
        }
        field(sb, "perCpu", per.append(']').toString()).append(',');
        field(sb, "perCpuMin", Long.toString(minPerCpu())).append(',');
        field(sb, "perCpuMax", Long.toString(maxPerCpu())).append(',');
        field(sb, "failures", Long.toString(failures)).append(',');
        field(sb, "violations", Long.toString(violations)).append(',');
        StringBuilder out = new StringBuilder("{");
        outcomes.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(str(k)).append(':').append(v));
        field(sb, "outcomes", out.append('}').toString()).append(',');
        StringBuilder w = new StringBuilder("{");
        waits.forEach((ctx, p) -> {
            w.append(w.length() > 1 ? "," : "").append(str(ctx)).append(":{");
            for (int i = 0; i < p.length; i++) {
                w.append(i == 0 ? "" : ",").append(str(PERCENTILES[i])).append(':').append(p[i]);
            }
            w.append('}');
        });
        field(sb, "waitNs", w.append('}').toString()).append(',');
        field(sb, "nmisRaised", Long.toString(nmisRaised)).append(',');
        field(sb, "nmisDelivered", Long.toString(nmisDelivered)).append(',');
        field(sb, "hung", Boolean.toString(hung)).append(',');
        field(sb, "clean", Boolean.toString(clean)).append(',');
        field(sb, "passed", Boolean.toString(passed()));
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String k, String rawValue) {
        return sb.append(str(k)).append(':').append(rawValue);
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
