package org.rqbpf.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root of the command tree. Each subcommand is one {@code Callable<Integer>} class returning a
 * code of {@link ExitCodes}; register new ones in {@code subcommands} below.
 */
@Command(
        name = "rqbpf",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A BPF verifier and runtime for the JVM built around the resilient queued spin lock.",
        subcommands = {
            AsmCommand.class,
            DisasmCommand.class,
            ConformanceCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            TestCommand.class,
            TortureCommand.class,
            AttachCommand.class,
            FuzzCommand.class,
            BenchCommand.class,
        })
public final class RqbpfCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
