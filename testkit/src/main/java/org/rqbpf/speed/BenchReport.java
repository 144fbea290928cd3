package org.rqbpf.speed;

import java.util.List;
import java.util.Locale;
import org.rqbpf.json.JsonWriter;

/**
 * {@code rqbpf bench}'s output: a table per file (one line per program and engine, with each engine's
 * median over the baseline's: Linux when it ran, else rqbpf's JIT), or the same as JSON, one object per
 * program and engine.
 */
public final class BenchReport {
    private BenchReport() {}

    public static String text(String file, List<BenchResult> results, BenchOptions o) {
        StringBuilder sb = new StringBuilder();
        Engine base = baseline(results);
        sb.append(String.format(Locale.ROOT, "%s: %d rounds of batches of about %d ms, after %d ms of warm-up per program "
                + "and engine; load: %d rounds after as much warm-up%n", file, o.rounds(), o.batchMillis(), o.warmupMillis(), o.loadRounds()));
        sb.append(String.format(Locale.ROOT, "%-22s %-7s %12s %12s %12s %8s %10s %8s %12s%n", "program", "engine",
                "ns/run min", "median", "max", "x " + base.label(), "load ms", "x " + base.label(), "r0"));
        String last = null;
        for (BenchResult r : results) {
            BenchResult b = find(results, r.program(), base);
            sb.append(String.format(Locale.ROOT, "%-22s %-7s %12s %12s %12s %8s %10s %8s %12d%n",
                    r.program().equals(last) ? "" : r.program(), r.engine().label(), ns(r.nsPerRun().min()),
                    ns(r.nsPerRun().median()), ns(r.nsPerRun().max()), ratio(r.nsPerRun().median(), b.nsPerRun().median()),
                    ms(r.loadMillis().median()), ratio(r.loadMillis().median(), b.loadMillis().median()), r.r0()));
            last = r.program();
        }
        return sb.toString();
    }

    /** One object per program and engine, in an array. */
    public static String json(String file, List<BenchResult> results, BenchOptions o) {
        JsonWriter w = new JsonWriter().beginArray();
        for (BenchResult r : results) {
            w.beginObject().name("file").value(file).name("program").value(r.program())
                    .name("engine").value(r.engine().label())
                    .name("rounds").value(o.rounds()).name("runs_per_batch").value(r.runsPerBatch())
                    .name("ns_per_run_min").value(round(r.nsPerRun().min()))
                    .name("ns_per_run_median").value(round(r.nsPerRun().median()))
                    .name("ns_per_run_max").value(round(r.nsPerRun().max()))
                    .name("load_rounds").value(o.loadRounds())
                    .name("load_ms_min").value(round(r.loadMillis().min()))
                    .name("load_ms_median").value(round(r.loadMillis().median()))
                    .name("load_ms_max").value(round(r.loadMillis().max()))
                    .name("r0").value(r.r0()).endObject();
        }
        return w.endArray().toString();
    }

    private static Engine baseline(List<BenchResult> results) {
        for (Engine e : List.of(Engine.LINUX, Engine.JIT, Engine.INTERP)) {
            for (BenchResult r : results) {
                if (r.engine() == e) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("no results");
    }

    private static BenchResult find(List<BenchResult> results, String program, Engine engine) {
        for (BenchResult r : results) {
            if (r.program().equals(program) && r.engine() == engine) {
                return r;
            }
        }
        throw new IllegalArgumentException("no " + engine.label() + " result for " + program);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String ns(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 1 ? "%.1f" : "%.3f", v);
    }

    private static String ratio(double v, double base) {
        return base <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", v / base);
    }
}
