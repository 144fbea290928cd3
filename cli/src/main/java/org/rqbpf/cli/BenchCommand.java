package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.speed.Bench;
import org.rqbpf.speed.BenchException;
import org.rqbpf.speed.BenchOptions;
import org.rqbpf.speed.BenchReport;
import org.rqbpf.speed.BenchResult;
import org.rqbpf.speed.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf bench FILE}: the programs of a file on rqbpf's JIT, its interpreter and (with
 * {@code --kernel}) the host kernel's JIT, measured side by side ({@link Bench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark programs of a .bpf file on rqbpf's JIT and interpreter and, with --kernel, on the host "
                + "Linux kernel's JIT (BPF_PROG_TEST_RUN), interleaved round by round after a warm-up.",
            "Prints min / median / max ns per run and the load time (rqbpf: verify + link + compile; Linux: "
                + "BPF_PROG_LOAD) of each program on each engine, with the ratio to the baseline (Linux, else the JIT)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .bpf source file")
    Path file;

    @Option(names = "--prog", paramLabel = "NAME", description = "benchmark only this program (repeatable; default: all, in file order)")
    List<String> progs;

    @Option(names = "--kernel", description = "also run on the host Linux kernel (exit 6 when it cannot serve)")
    boolean kernel;

    @Option(names = "--no-jit", description = "leave rqbpf's JIT out (interpreter, and Linux with --kernel)")
    boolean noJit;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "10", description = "measured rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--load-rounds", paramLabel = "L", defaultValue = "5",
            description = "times each engine loads the programs (default: ${DEFAULT-VALUE})")
    int loadRounds;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "warm-up of the loads per engine, and of the runs per program and engine (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--batch", paramLabel = "DURATION", defaultValue = "20ms", converter = DurationConverter.class,
            description = "target length of one measured batch of runs (default: ${DEFAULT-VALUE})")
    Duration batch;

    @Option(names = "--json", description = "print one JSON object per program and engine, in an array")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rounds < 1 || loadRounds < 1) {
            throw new CliException(ExitCodes.USAGE, "--rounds and --load-rounds must be at least 1");
        }
        if (kernel) {
            KernelOption.requireKernel();
        }
        BenchOptions options = new BenchOptions(rounds, loadRounds, warmup.toMillis(), batch.toMillis());
        Program program = SourceFiles.load(file, err);
        List<Engine> engines = new ArrayList<>();
        if (kernel) {
            engines.add(Engine.LINUX);
        }
        if (!noJit) {
            engines.add(Engine.JIT);
        }
        engines.add(Engine.INTERP);
        List<BenchResult> results;
        try {
            results = Bench.run(program, programs(program), engines, options);
        } catch (BenchException e) {
            if (e.getCause() instanceof LoadException le) {
                return SourceFiles.reportLoadFailure(le, err);
            }
            int code = e.getCause() instanceof RuntimeFault ? ExitCodes.RUNTIME_FAULT : ExitCodes.FAILURES;
            throw new CliException(code, e.getMessage(), e);
        }
        out.print(json ? BenchReport.json(file.toString(), results, options) + "\n"
                : BenchReport.text(file.toString(), results, options));
        out.flush();
        return ExitCodes.OK;
    }

    private List<BpfProgram> programs(Program program) {
        if (progs == null) {
            return program.programs();
        }
        List<BpfProgram> out = new ArrayList<>();
        for (String name : progs) {
            out.add(program.program(name).orElseThrow(
                    () -> new CliException(ExitCodes.USAGE, "no program named '" + name + "' in " + file)));
        }
        return out;
    }
}
