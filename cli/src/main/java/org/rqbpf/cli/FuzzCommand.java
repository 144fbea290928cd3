package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rqbpf.runtime.fuzz.Fuzzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf fuzz}: the seeded differential fuzzer. Generates random tc programs, verifies each, runs
 * the accepted ones on the interpreter and on the JIT, and reports every verifier escape (a verified
 * program that faults) and every disagreement between the back ends with its seed and source.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Differential fuzzing: random programs through the verifier, accepted ones on the "
                + "interpreter and the JIT.",
            "Exit 0 when nothing was found, 1 on findings (each printed with its seed and source)."})
public final class FuzzCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the first case; case i has seed S+i (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--count", paramLabel = "N", description = "cases to run (default: 1000 unless --duration is given)")
    Long count;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "how long to run, e.g. 30s or 5m (with --count: whichever ends first)")
    Duration duration;

    @Option(names = "--kernel", description = "compare with the host Linux kernel instead: both verifiers on every program "
            + "(soundness and precision findings), both test-runs where both accept (exit 6 when the kernel cannot serve)")
    boolean kernel;

    @Option(names = "--seconds", paramLabel = "S", description = "how long to run, in seconds (the same as --duration Ss)")
    Long seconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "fuzz-findings",
            description = "with --kernel: where each finding's minimal reproducer is written (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Override
    public Integer call() {
        if (count != null && count <= 0) {
            throw new CliException(ExitCodes.USAGE, "--count must be positive");
        }
        if (seconds != null) {
            if (seconds <= 0 || duration != null) {
                throw new CliException(ExitCodes.USAGE, "--seconds must be positive and not given with --duration");
            }
            duration = Duration.ofSeconds(seconds);
        }
        long n = count != null ? count : duration == null ? 1000 : 0;
        PrintWriter out = spec.commandLine().getOut();
        if (kernel) {
            KernelOption.requireKernel();
            return SideBySideFuzz.run(seed, n, duration, outDir, out);
        }
        Fuzzer.Summary s = Fuzzer.run(seed, n, duration, f -> {
            out.println(f.render());
            out.flush();
        });
        out.printf("fuzz: seeds %d..%d, %d programs in %.1f s, accepted %d (%.1f%%), verifier escapes %d, "
                + "disagreements %d, other findings %d%n", seed, seed + s.generated() - 1, s.generated(),
                s.millis() / 1000.0, s.accepted(), s.acceptedPercent(), s.escapes(), s.disagreements(),
                s.otherFindings());
        s.rejections().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(8)
                .forEach(e -> out.printf("  rejected %6d  %s%n", e.getValue(), e.getKey()));
        out.flush();
        return s.clean() ? ExitCodes.OK : ExitCodes.FAILURES;
    }
}
