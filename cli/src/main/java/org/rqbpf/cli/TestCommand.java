package org.rqbpf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.runtime.testing.ProgramRunner;
import org.rqbpf.runtime.testing.ProgramTester;
import org.rqbpf.runtime.testing.TestFiles;
import org.rqbpf.runtime.testing.TestOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf test PATH...}: checks the annotations of every program in the given files and folders.
 * Prints {@code FAIL file:program: reason} per failure and ends with {@code N passed, M failed}; exit 0
 * when all passed, 1 otherwise, 2 when a path is missing or no {@code .bpf} file is found (most likely a
 * wrong path, which must not pass as "0 passed, 0 failed").
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Check the test annotations (__success, __failure, __msg, __retval...) of .bpf programs.")
public final class TestCommand implements Callable<Integer> {
    /** Runs accepted programs to check {@code __retval}; null: a test-run on the back end {@code --no-jit} picks. */
    static ProgramRunner runner;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".bpf files or folders (searched recursively)")
    List<Path> paths;

    @Option(names = "--no-jit", description = "check __retval on the interpreter instead of the JIT")
    boolean noJit;

    @Option(names = "--kernel", description = "check each annotation on rqbpf and on the host Linux kernel, side by side, "
            + "and print the agreement measures (exit 6 when the kernel cannot serve)")
    boolean kernel;

    @Option(names = "--json", description = "with --kernel: print the rows and measures as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json && !kernel) {
            throw new CliException(ExitCodes.USAGE, "--json needs --kernel");
        }
        if (kernel) {
            KernelOption.requireKernel();
            return SideBySideTest.run(paths, noJit, json, out, json ? spec.commandLine().getErr() : out);
        }
        List<Path> files;
        try {
            files = TestFiles.collect(paths);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no .bpf files in " + paths.stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        ProgramTester tester = new ProgramTester(runner != null ? runner
                : new org.rqbpf.runtime.testing.RetvalRunner(org.rqbpf.runtime.load.Backend.choose(noJit)));
        int passed = 0, failed = 0, unchecked = 0;
        for (Path f : files) {
            for (TestOutcome o : tester.testFile(f)) {
                if (o.passed()) {
                    passed++;
                    unchecked += o.retvalUnchecked() ? 1 : 0;
                } else {
                    failed++;
                    out.println(o.failLine());
                }
            }
        }
        if (unchecked > 0) {
            out.println(unchecked + " __retval not checked (no runtime)");
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
    }
}
