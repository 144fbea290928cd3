package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rqbpf.kernel.locking.RqOutcome;

/** The human-readable attach report. */
public final class TextReport {
    private TextReport() {}

    public static String render(AttachReport r) {
        StringBuilder sb = new StringBuilder();
        double secs = r.elapsedNanos() / 1e9;
        sb.append(String.format("attach %s: %d CPU%s for %.2f s (requested %s), seed %d, %s%n", r.file(), r.cpus(),
                r.cpus() == 1 ? "" : "s", secs, Durations.format(r.requestedNanos()), r.seed(), r.backend()));
        events(sb, r, secs);
        programs(sb, r, secs);
        maps(sb, r);
        locks(sb, r);
        sb.append(String.format("runtime faults: %d%n", r.faults()));
        for (String f : r.faultMessages()) {
            sb.append("  ").append(f).append('\n');
        }
        return sb.toString();
    }

    private static void events(StringBuilder sb, AttachReport r, double secs) {
        sb.append(String.format("%nevents            rate/CPU/s    delivered  per CPU/s  coalesced%n"));
        for (AttachReport.EventReport e : r.events()) {
            sb.append(String.format("  %-14s %,12.0f %,12d %,10.0f %,10d%n", e.name(), e.ratePerCpu(), e.delivered(),
                    e.delivered() / Math.max(secs, 1e-9) / r.cpus(), e.coalesced()));
        }
    }

    private static void programs(StringBuilder sb, AttachReport r, double secs) {
        sb.append(String.format("%nprograms (every program is attached, SEC(\"?...\") ones too; syscall programs run"
                + " once before the workload)%n"));
        sb.append(String.format("  %-24s %-30s %12s %8s %9s  %s%n", "program", "hook", "runs", "misses", "mean ns",
                "errors"));
        for (AttachReport.ProgramReport p : r.programs()) {
            String hook = p.hook() == null ? "not attached (test-run only)"
                    : p.hook().equals(Hook.SETUP.section()) ? "syscall (setup, ran once)" : p.section();
            sb.append(String.format("  %-24s %-30s %,12d %,8d %,9d  %s%n", p.name(), hook, p.runs(), p.misses(),
                    p.meanNanos(), errors(p.errors())));
            if (!p.returns().isEmpty()) {
                sb.append("      returns: ").append(returns(p)).append('\n');
            }
            if (p.faults() > 0) {
                sb.append(String.format("      runtime faults: %d%n", p.faults()));
            }
            tail(sb, "trace log", p.traceTail(), p.traceLines());
            if (p.errorLines() > 0) {
                sb.append(String.format("      error stream: %,d lines (the last ones are on standard error)%n",
                        p.errorLines()));
            }
        }
        sb.append(String.format("  throughput: %,.0f program runs/s per CPU%n", r.totalRuns() / Math.max(secs, 1e-9)
                / r.cpus()));
    }

    private static String errors(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        errors.forEach((name, n) -> parts.add(String.format("%s %,d", name, n)));
        return String.join(", ", parts);
    }

    private static String returns(AttachReport.ProgramReport p) {
        List<String> parts = new ArrayList<>();
        p.returns().forEach((v, n) -> {
            String name = Verdicts.name(p.hook(), v);
            parts.add(String.format("%d%s x %,d", v, name == null ? "" : " (" + name + ")", n));
        });
        if (p.otherReturns() > 0) {
            parts.add(String.format("other x %,d", p.otherReturns()));
        }
        return String.join(", ", parts);
    }

    /** The last lines of every program's error stream (failed lock reports), for standard error. */
    public static String errorStreams(AttachReport r) {
        StringBuilder sb = new StringBuilder();
        for (AttachReport.ProgramReport p : r.programs()) {
            if (!p.errorTail().isEmpty()) {
                sb.append(String.format("%s: error stream (last %d of %,d lines):%n", p.name(), p.errorTail().size(),
                        p.errorLines()));
                for (String l : p.errorTail()) {
                    sb.append("  ").append(l).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void tail(StringBuilder sb, String what, List<String> lines, long total) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append(String.format("      %s (last %d of %,d lines):%n", what, lines.size(), total));
        for (String l : lines) {
            sb.append("        ").append(l).append('\n');
        }
    }

    private static void maps(StringBuilder sb, AttachReport r) {
        sb.append(String.format("%nmaps                      type          lookups    updates    deletes  EDEADLK ETIMEDOUT%n"));
        for (AttachReport.MapReport m : r.maps()) {
            sb.append(String.format("  %-24s %-12s %,10d %,10d %,10d %,8d %,9d%n", m.name(), m.type(), m.lookups(),
                    m.updates(), m.deletes(), m.edeadlk(), m.etimedout()));
        }
    }

    private static void locks(StringBuilder sb, AttachReport r) {
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long acquired = 0;
        long failures = 0;
        for (RqOutcome o : RqOutcome.values()) {
            long n = r.lockOutcome(o.name());
            String s = String.format("%s %,d", o.name(), n);
            if (o.success()) {
                ok.add(s);
                acquired += n;
            } else {
                failed.add(s);
                failures += n;
            }
        }
        sb.append(String.format("%nlock outcomes (rqspinlock, maps and programs)%n"));
        sb.append(String.format("  acquired %,d: %s%n", acquired, String.join(", ", ok)));
        sb.append(String.format("  failed %,d: %s%n", failures, String.join(", ", failed)));
    }
}
