package org.rqbpf.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.kernel.torture.Torture;
import org.rqbpf.kernel.torture.TortureOptions;
import org.rqbpf.kernel.torture.TortureReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf torture}: lock torture (locktorture plus the kernel's rqspinlock stress module) on
 * simulated CPUs, optionally injecting AA, ABBA or ABBCCA deadlocks. Prints a progress line each second
 * on standard error (as {@code attach} does) and a final report (text or {@code --json}) on standard output. Exit 0 when the run passed, 1 on any mutual-exclusion
 * violation, hang or unclean lock state, 2 on a bad command line (including {@code --lock qspinlock}
 * with an injection mode, which would hang).
 */
@Command(name = "torture", mixinStandardHelpOptions = true,
        description = "Stress rqspinlock or qspinlock on simulated CPUs, optionally injecting deadlocks. Prints a "
                + "progress line each second on standard error and the report at the end.")
public final class TortureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lock", defaultValue = "rqspinlock", paramLabel = "LOCK",
            description = "rqspinlock or qspinlock (default: ${DEFAULT-VALUE})")
    String lock;

    @Option(names = "--cpus", defaultValue = "4", paramLabel = "N", description = "simulated CPUs, 1..64 (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
            description = "run time, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--mode", defaultValue = "none", paramLabel = "MODE",
            description = "deadlock injection: none, aa, abba or abbcca (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--hold-ns", defaultValue = "-1", paramLabel = "H",
            description = "critical-section length in ns (default: 1000 for none, 2000000 with injection)")
    long holdNs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the final report as JSON (no progress lines)")
    boolean json;

    @Override
    public Integer call() {
        TortureOptions options;
        try {
            if (cpus < 1 || cpus > 64) {
                throw new IllegalArgumentException("--cpus must be 1..64: " + cpus);
            }
            if (holdNs < -1) {
                throw new IllegalArgumentException("--hold-ns must be 0 or more: " + holdNs);
            }
            options = new TortureOptions(parse(TortureOptions.LockKind.class, "--lock", lock), cpus, duration,
                    parse(TortureOptions.Mode.class, "--mode", mode), holdNs, seed, RqConfig.getDefault());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TortureReport report = Torture.run(options, json ? null : p -> {
            err.println(p);
            err.flush();
        });
        out.println(json ? report.toJson() : report.toText());
        out.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURES;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("invalid value for " + option + ": '" + value + "' (expected " + allowed + ")");
        }
    }
}
