package org.rqbpf.runtime.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The fuzzing loop: case {@code i} of a run started at seed {@code S} has seed {@code S + i}, so every
 * finding is reproduced alone by its own seed. Stops after {@code count} cases or {@code duration},
 * whichever comes first (either may be absent, not both).
 */
public final class Fuzzer {
    /** Limit per step (verification, each run) before a case counts as a hang. */
    public static final long STEP_TIMEOUT_MILLIS = 30_000;

    /** Totals of a run; {@code rejections} counts the verifier's errors by their first words. */
    public record Summary(long generated, long accepted, long escapes, long disagreements, long otherFindings,
            Map<String, Long> rejections, List<Finding> findings, long millis) {
        public double acceptedPercent() {
            return generated == 0 ? 0 : 100.0 * accepted / generated;
        }

        public boolean clean() {
            return findings.isEmpty();
        }
    }

    private Fuzzer() {}

    /**
     * Runs cases from {@code seed}; {@code onFinding} sees each finding as it happens.
     *
     * @param count cases to run, or 0 for no limit
     * @param duration how long to run, or null for no limit
     */
    public static Summary run(long seed, long count, Duration duration, Consumer<Finding> onFinding) {
        if (count <= 0 && duration == null) {
            throw new IllegalArgumentException("a fuzz run needs a count or a duration");
        }
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long generated = 0;
        long accepted = 0;
        long escapes = 0;
        long disagreements = 0;
        Map<String, Long> rejections = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        try (DifferentialCheck check = new DifferentialCheck(STEP_TIMEOUT_MILLIS)) {
            while ((count <= 0 || generated < count) && System.nanoTime() < deadline) {
                DifferentialCheck.Result r = check.check(FuzzCase.of(seed + generated));
                generated++;
                switch (r.status()) {
                    case REJECTED -> rejections.merge(reason(r.rejection()), 1L, Long::sum);
                    case AGREED -> accepted++;
                    case FINDING -> {
                        Finding f = r.finding();
                        findings.add(f);
                        if (f.kind() == Finding.Kind.VERIFIER_ESCAPE) {
                            escapes++;
                            accepted++;
                        } else if (f.kind() == Finding.Kind.DISAGREEMENT) {
                            disagreements++;
                            accepted++;
                        }
                        onFinding.accept(f);
                    }
                    default -> { }
                }
            }
        }
        return new Summary(generated, accepted, escapes, disagreements,
                findings.size() - escapes - disagreements, rejections, findings,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** A verifier error without its numbers, so that rejections of one kind count together. */
    static String reason(String error) {
        if (error == null) {
            return "(no message)";
        }
        String line = error.lines().findFirst().orElse("");
        return line.replaceAll("-?\\d+", "N").replaceAll("R\\d", "R");
    }
}
