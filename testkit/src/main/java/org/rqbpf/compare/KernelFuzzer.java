package org.rqbpf.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.fuzz.FuzzCase;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.runtime.testrun.TestRunOptions;
import org.rqbpf.runtime.testrun.TestRunResult;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * {@code rqbpf fuzz --kernel}: every generated program through both verifiers. rqbpf accepting what
 * Linux rejects is a soundness finding; the reverse, a precision finding; when both accept, both
 * test-run it (same packet, default ctx, CPU 0) and a different {@code r0} or map is a runtime finding
 * (programs whose result depends on {@code bpf_get_prandom_u32}, the clock or the current task are not
 * compared). Each
 * finding is shrunk to a minimal program that still shows it.
 */
public final class KernelFuzzer {
    /** What a case showed. */
    public enum Kind { SOUNDNESS, PRECISION, RUNTIME }

    /** A finding: its kind, seed, minimal source and both sides' messages. */
    public record Finding(Kind kind, long seed, String source, String rqbpf, String linux) {
        /** The reproducer: a header comment with both messages, then the minimal source. */
        public String reproducer() {
            return "// rqbpf fuzz --kernel finding: " + kind + ", seed " + seed + "\n// rqbpf: " + rqbpf.replace("\n", " ")
                    + "\n// Linux: " + linux.replace("\n", " ") + "\n" + source;
        }
    }

    /** Totals of a run. */
    public record Summary(long generated, long bothAccept, long bothReject, long runsCompared,
            List<Finding> findings, long millis) {
        public long count(Kind k) {
            return findings.stream().filter(f -> f.kind() == k).count();
        }
    }

    private KernelFuzzer() {}

    /** Runs cases from {@code seed} until {@code count} (0: no limit) or {@code duration} (null: none). */
    public static Summary run(long seed, long count, Duration duration, Consumer<Finding> onFinding) {
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long generated = 0, bothAccept = 0, bothReject = 0, compared = 0;
        List<Finding> findings = new ArrayList<>();
        while ((count <= 0 || generated < count) && System.nanoTime() < deadline) {
            FuzzCase c = FuzzCase.of(seed + generated);
            generated++;
            Outcome o = classify(c.source(), c.packet());
            if (o == null) {
                continue;
            }
            bothAccept += o.bothAccept ? 1 : 0;
            bothReject += o.bothReject ? 1 : 0;
            compared += o.runCompared ? 1 : 0;
            if (o.kind != null) {
                String minimal = shrink(c.source(), c.packet(), o.kind, deadline);
                Outcome m = classify(minimal, c.packet());
                Finding f = new Finding(o.kind, c.seed(), minimal, m.rqbpf, m.linux);
                findings.add(f);
                onFinding.accept(f);
            }
        }
        return new Summary(generated, bothAccept, bothReject, compared, findings, (System.nanoTime() - start) / 1_000_000);
    }

    private record Outcome(Kind kind, boolean bothAccept, boolean bothReject, boolean runCompared, String rqbpf, String linux) {}

    /** Null when the source does not assemble. */
    static Outcome classify(String source, byte[] packet) {
        Assembly asm = Assembler.assemble("fuzz.bpf", source);
        if (!asm.ok() || !asm.program().loads() || asm.program().programs().size() != 1) {
            return null;
        }
        Program file = asm.program();
        BpfProgram p = file.programs().get(0);
        VerifierResult rq = Verifier.verify(file, p, Options.level(0));
        LinuxOracle.Verdict linux = LinuxOracle.verify(file, p, 1);
        String rqMsg = rq.accepted() ? "accepted" : "rejected: " + LinuxLog.firstLine(rq.error());
        String linuxMsg = linux.accepted() ? "accepted" : "rejected: " + linux.errorLine();
        if (rq.accepted() && !linux.accepted()) {
            return new Outcome(Kind.SOUNDNESS, false, false, false, rqMsg, linuxMsg);
        }
        if (!rq.accepted() && linux.accepted()) {
            return new Outcome(Kind.PRECISION, false, false, false, rqMsg, linuxMsg);
        }
        if (!rq.accepted()) {
            return new Outcome(null, false, true, false, rqMsg, linuxMsg);
        }
        if (nondeterministic(source)) {
            return new Outcome(null, true, false, false, rqMsg, linuxMsg);
        }
        RunDifference diff = runDifference(file, p, packet);
        return diff == null ? new Outcome(null, true, false, true, rqMsg, linuxMsg)
                : new Outcome(Kind.RUNTIME, true, false, true, "ran: " + diff.rqbpf(), "ran: " + diff.linux());
    }

    /** What each side's run showed where they differ. */
    private record RunDifference(String rqbpf, String linux) {}

    /** Null when both runs agree (or Linux could not run it), else what differs. */
    private static RunDifference runDifference(Program file, BpfProgram p, byte[] packet) {
        TestRunResult rq;
        try {
            rq = TestRun.run(file, p.name(), new TestRunOptions(null, packet, 1, LoadOptions.defaults().withBackend(Backend.JIT)));
        } catch (Exception e) {
            return new RunDifference("fault: " + e.getMessage(), "verified and ran");
        }
        LinuxRun.Result linux = LinuxRun.run(file, p, null, packet, 1);
        if (linux.notRun() != null) {
            return null;
        }
        if ((int) rq.r0() != (int) linux.r0()) {
            return new RunDifference("r0 = " + (int) rq.r0(), "r0 = " + (int) linux.r0());
        }
        for (MapDef m : file.maps()) {
            String a = MapContents.of(m, rq.maps().get(m.name())).toString();
            String b = MapContents.of(m, linux.maps().get(m.name())).toString();
            if (!a.equals(b)) {
                return new RunDifference("map " + m.name() + ": " + a, "map " + m.name() + ": " + b);
            }
        }
        return null;
    }

    private static boolean nondeterministic(String source) {
        return source.contains("bpf_get_prandom_u32") || source.contains("bpf_ktime_get")
                || source.contains("bpf_get_current_pid_tgid") || source.contains("bpf_get_current_uid_gid")
                || source.contains("bpf_get_current_comm") || source.contains("bpf_jiffies64");
    }

    /**
     * Removes instruction lines one at a time while the finding stays of the same kind and both sides
     * keep their first message, so the reproducer shows the same disagreement as the case. Stops at the
     * run's deadline with what it has (a smaller program still showing the finding).
     */
    static String shrink(String source, byte[] packet, Kind kind, long deadline) {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        int body = lines.indexOf("fuzz:") + 1;
        Outcome original = classify(source, packet);
        if (body == 0 || original == null) {
            return source;
        }
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            for (int i = lines.size() - 1; i >= body && System.nanoTime() < deadline; i--) {
                String line = lines.get(i);
                if (!line.startsWith("\t") || line.strip().equals("exit")) {
                    continue;
                }
                lines.remove(i);
                Outcome o = classify(String.join("\n", lines), packet);
                if (o != null && o.kind == kind && o.rqbpf.equals(original.rqbpf) && o.linux.equals(original.linux)) {
                    progress = true;
                } else {
                    lines.add(i, line);
                }
            }
        }
        return String.join("\n", lines);
    }
}
