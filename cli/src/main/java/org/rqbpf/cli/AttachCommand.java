package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.attach.AttachException;
import org.rqbpf.runtime.attach.AttachOptions;
import org.rqbpf.runtime.attach.AttachReport;
import org.rqbpf.runtime.attach.AttachRun;
import org.rqbpf.runtime.attach.EventKind;
import org.rqbpf.runtime.attach.JsonReport;
import org.rqbpf.runtime.attach.MapDump;
import org.rqbpf.runtime.attach.MapUpdate;
import org.rqbpf.runtime.attach.Progress;
import org.rqbpf.runtime.attach.TextReport;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf attach FILE}: verifies every program of a file, attaches each to its hook and runs the
 * simulated kernel's workload on N CPUs for a while, printing progress each second on standard error
 * and a report at the end (runtime.md "Running programs").
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Verify every program of a .bpf file, attach each to its hook and run a seeded simulated "
                + "workload (packets, context switches, openat calls, device IRQs, sampling NMIs) on N CPUs.",
            "Every program is attached, SEC(\"?...\") ones included; --map-update writes map elements from user space "
                + "and syscall programs run once, on CPU 0 before the workload (to fill maps); socket programs are not "
                + "attached. Prints a progress line each second "
                + "on standard error and a report per program, map and lock outcome at the end."})
public final class AttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .bpf source file")
    Path file;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "4", description = "simulated CPUs, 1-64 (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "how long to run, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of every random stream (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rate", paramLabel = "EVENT=PER_SEC",
            description = {"arrivals per CPU per second of an event (0 turns it off); repeatable. Events and defaults: "
                + "packet=50000, switch=2000, openat=500, irq=1000, nmi=4000"})
    List<String> rates = new ArrayList<>();

    @Option(names = "--map-update", paramLabel = "SPEC",
            description = {"write a map element from user space before the workload, in bpftool's words: "
                + "'MAP key BYTES value BYTES [any|noexist|exist]', BYTES one number per byte or 'hex' and hex bytes "
                + "(a per-CPU map's value goes to every CPU); repeatable, after those of --map-updates"})
    List<String> mapUpdates = new ArrayList<>();

    @Option(names = "--map-updates", paramLabel = "FILE",
            description = "read --map-update SPECs from FILE, one per line ('#' starts a comment)")
    Path mapUpdatesFile;

    @Option(names = "--dump-maps", description = "print every map's contents after the run")
    boolean dumpMaps;

    @Option(names = "--json", description = "write the report as JSON on standard output")
    boolean json;

    @Option(names = "--no-jit", description = "run on the interpreter instead of compiling to JVM bytecode")
    boolean noJit;

    @Option(names = "--no-verify", description = "refused: attached programs are always verified")
    boolean noVerify;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (noVerify) {
            throw new CliException(ExitCodes.USAGE, "--no-verify is refused for attach: programs attached to hooks "
                    + "are always verified");
        }
        AttachOptions options = options();
        List<MapUpdate> updates = updates();
        Program program = SourceFiles.load(file, err);
        AttachRun.Result result;
        try {
            result = AttachRun.run(program, options, updates, progressPrinter(err));
        } catch (AttachException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, e.getMessage(), e);
        } catch (LoadException e) {
            return SourceFiles.reportLoadFailure(e, err);
        }
        AttachReport report = result.report();
        List<MapDump.Contents> dump = dumpMaps ? MapDump.of(result.file()) : null;
        if (json) {
            out.print(JsonReport.render(report, dump));
        } else {
            out.print(TextReport.render(report));
            if (dump != null) {
                out.println();
                out.print(MapDump.render(dump));
            }
        }
        out.flush();
        err.print(TextReport.errorStreams(report));
        err.flush();
        if (report.faults() > 0) {
            throw new CliException(ExitCodes.RUNTIME_FAULT, report.faults() + " runtime fault"
                    + (report.faults() == 1 ? "" : "s") + " (verifier escapes): " + report.faultMessages().get(0));
        }
        return ExitCodes.OK;
    }

    private List<MapUpdate> updates() {
        List<MapUpdate> out = new ArrayList<>();
        try {
            if (mapUpdatesFile != null) {
                out.addAll(MapUpdate.parseAll(SourceFiles.readText(mapUpdatesFile), mapUpdatesFile.toString()));
            }
            for (String u : mapUpdates) {
                out.add(MapUpdate.parse(u, "--map-update"));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        return out;
    }

    private AttachOptions options() {
        if (cpus < 1 || cpus > AttachOptions.MAX_CPUS) {
            throw new CliException(ExitCodes.USAGE, "--cpus must be 1.." + AttachOptions.MAX_CPUS + ": " + cpus);
        }
        AttachOptions o = new AttachOptions(cpus, duration, seed, Map.of(), Backend.choose(noJit));
        for (String r : rates) {
            int eq = r.indexOf('=');
            EventKind kind = eq < 0 ? null : EventKind.byLabel(r.substring(0, eq).trim());
            if (kind == null) {
                throw new CliException(ExitCodes.USAGE, "invalid --rate '" + r + "': expected EVENT=PER_SEC with EVENT "
                        + "one of packet, switch, openat, irq, nmi");
            }
            double perSec;
            try {
                perSec = Double.parseDouble(r.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                perSec = -1;
            }
            if (!(perSec >= 0) || Double.isInfinite(perSec) || perSec > 1e9) {
                throw new CliException(ExitCodes.USAGE, "invalid --rate '" + r + "': the rate must be a number from 0 to 1e9");
            }
            o = o.withRate(kind, perSec);
        }
        return o;
    }

    /** Progress on standard error: rewritten in place on a terminal, one line per second otherwise. */
    private static Consumer<Progress> progressPrinter(PrintWriter err) {
        boolean terminal = System.console() != null;
        return p -> {
            if (terminal) {
                err.print("\r" + p.line() + "   ");
            } else {
                err.println(p.line());
            }
            err.flush();
        };
    }
}
