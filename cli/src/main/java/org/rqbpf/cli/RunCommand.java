package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.runtime.testrun.TestRunOptions;
import org.rqbpf.runtime.testrun.TestRunResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf run FILE}: test-runs the named program, or every program of the file in order
 * ({@code SEC("?...")} ones included), each on a fresh 4-CPU kernel (runtime.md "Running programs").
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Verify and test-run programs of a .bpf file on CPU 0 of a fresh simulated kernel.",
            "Prints r0, the mean time per run and the trace log of each program; the error stream (failed "
                + "lock reports) goes to standard error."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .bpf source file")
    Path file;

    @Option(names = "--prog", paramLabel = "NAME", description = "run only this program")
    String prog;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "runs per program (default: ${DEFAULT-VALUE})")
    int repeat;

    @ArgGroup(exclusive = true)
    Input input;

    static final class Input {
        @Option(names = "--ctx", paramLabel = "HEX", description = "the ctx bytes (default: zeroed, the type's size)")
        String ctx;

        @Option(names = "--packet", paramLabel = "HEX",
                description = "the packet of tc, xdp and socket programs (default: 64 zero bytes)")
        String packet;
    }

    @Option(names = "--no-jit", description = "run on the interpreter instead of compiling to JVM bytecode")
    boolean noJit;

    @Option(names = "--kernel", description = "also test-run each program in the host Linux kernel (BPF_PROG_TEST_RUN, the "
            + "same ctx and packet, on CPU 0) and compare r0 and the maps afterwards (exit 6 when the kernel cannot serve)")
    boolean kernel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (repeat < 1) {
            throw new CliException(ExitCodes.USAGE, "--repeat must be at least 1");
        }
        byte[] ctx = input != null && input.ctx != null ? Hex.parse(input.ctx, "--ctx") : null;
        byte[] packet = input != null && input.packet != null ? Hex.parse(input.packet, "--packet") : null;
        TestRunOptions options = new TestRunOptions(ctx, packet, repeat, LoadOptions.defaults().withBackend(backend()));
        if (kernel) {
            KernelOption.requireKernel();
        }
        Program program = SourceFiles.load(file, err);
        boolean differ = false;
        for (String name : names(program)) {
            TestRunResult r;
            try {
                r = TestRun.run(program, name, options);
            } catch (LoadException e) {
                return SourceFiles.reportLoadFailure(e, err);
            } catch (RuntimeFault f) {
                throw new CliException(ExitCodes.RUNTIME_FAULT, f.getMessage(), f);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "program '" + name + "': " + e.getMessage(), e);
            }
            print(r, out);
            err.print(r.errors());
            err.flush();
            if (kernel) {
                differ |= !SideBySideRun.compare(program, program.program(name).orElseThrow(), ctx, packet, repeat, r, out);
            }
        }
        return differ ? ExitCodes.FAILURES : ExitCodes.OK;
    }

    private Backend backend() {
        return Backend.choose(noJit);
    }

    private List<String> names(Program program) {
        if (prog != null) {
            if (program.program(prog).isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no program named '" + prog + "' in " + file);
            }
            return List.of(prog);
        }
        List<String> all = new ArrayList<>();
        for (BpfProgram p : program.programs()) {
            all.add(p.name());
        }
        return all;
    }

    private static void print(TestRunResult r, PrintWriter out) {
        out.printf("%s: r0 = %d (0x%x)%n", r.program(), r.r0(), r.r0());
        if (r.repeat() == 1) {
            out.printf("  %d ns per run (1 run, cold: --repeat N also gives the steady figure)%n", r.meanNanos());
        } else {
            out.printf("  %d ns per run over runs 2..%d (steady); the first run took %d ns (cold)%n", r.meanNanos(),
                    r.repeat(), r.firstNanos());
        }
        if (!r.trace().isEmpty()) {
            out.println("  trace log:");
            for (String line : r.trace().split("\n", -1)) {
                if (!line.isEmpty()) {
                    out.println("    " + line);
                }
            }
        }
        out.flush();
    }
}
