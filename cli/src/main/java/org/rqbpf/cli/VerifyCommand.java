package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.abi.Errno;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;
import org.rqbpf.verifier.log.VerifierLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rqbpf verify FILE}: verifies every program of a file (or one) and prints verdicts and logs. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the programs of a .bpf file as the Linux verifier would.")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .bpf file")
    Path file;

    @Option(names = "--prog", paramLabel = "NAME", description = "verify only this program")
    String prog;

    @Option(names = "--log-level", paramLabel = "N", defaultValue = "0",
            description = "verifier log, the kernel's log_level bits: 0 none (the error only), 1 the failing path, "
                    + "2 every path, 4 the statistics (verification time, stack depth); e.g. 5 = 1 + 4")
    int logLevel;

    @Option(names = "--unpriv", description = "apply the unprivileged rules (uninitialised stack reads rejected); the "
            + "default is a privileged load, as root loads with bpftool or libbpf")
    boolean unpriv;

    @Option(names = "--kernel", description = "also load each program into the host Linux kernel and show both verdicts "
            + "(exit 6 when the kernel cannot serve)")
    boolean kernel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((logLevel & ~VerifierLog.MASK) != 0) {
            throw new CliException(ExitCodes.USAGE, "--log-level must combine the bits 1, 2, 4 and 8 (0-15), not " + logLevel);
        }
        if (kernel) {
            if (unpriv) {
                throw new CliException(ExitCodes.USAGE, "--kernel loads as this process (privileged); it cannot be combined with --unpriv");
            }
            KernelOption.requireKernel();
            return SideBySideVerify.run(SourceFiles.assemble(file, err), prog, logLevel, out);
        }
        Program program = SourceFiles.load(file, err);
        List<BpfProgram> targets = program.programs();
        if (prog != null) {
            targets = List.of(program.program(prog).orElseThrow(() ->
                    new CliException(ExitCodes.USAGE, "no program named '" + prog + "' in " + file)));
        }
        boolean rejected = false;
        for (BpfProgram p : targets) {
            Options options = unpriv ? Options.level(logLevel).unprivileged() : Options.level(logLevel);
            VerifierResult r = Verifier.verify(program, p, options);
            if (logLevel > 0) {
                out.print(r.log());
            }
            if (r.accepted()) {
                out.println(p.name() + ": accepted (processed " + r.stats().processedInsns() + " insns)");
            } else {
                rejected = true;
                if (logLevel == 0) {
                    out.println(r.error());
                }
                out.println(p.name() + ": rejected (" + Errno.name(r.errno()) + ")"
                        + (r.errorInsn() >= 0 ? " at insn " + r.errorInsn() : ""));
            }
        }
        out.flush();
        return rejected ? ExitCodes.VERIFIER_REJECTED : ExitCodes.OK;
    }
}
