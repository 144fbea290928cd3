package org.rqbpf.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Entry point of the {@code rqbpf} jar. The only place that exits the JVM. {@code --stacktrace}
 * anywhere on the command line shows the internals of an error; without it every error is one line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given output streams; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = newCommandLine(out, err, stacktrace);
        return cli.execute(rest);
    }

    /** Every command's --help ends with the one exit-code table. */
    private static void listExitCodes(CommandLine c) {
        c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean stacktrace) {
        CommandLine cli = new CommandLine(new RqbpfCommand());
        listExitCodes(cli);
        for (CommandLine sub : cli.getSubcommands().values()) {
            // so that "rqbpf SUBCOMMAND --version" prints the version too, not an empty line
            sub.getCommandSpec().versionProvider(new VersionProvider());
            listExitCodes(sub);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(t -> t instanceof CliException c ? c.exitCode() : ExitCodes.INTERNAL_ERROR);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("rqbpf: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            if (stacktrace) {
                ex.printStackTrace(e);
            }
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parse) -> {
            PrintWriter e = c.getErr();
            if (ex instanceof CliException ce) {
                e.println("rqbpf: " + ce.getMessage());
                if (stacktrace) {
                    ex.printStackTrace(e);
                }
                return ce.exitCode();
            }
            e.println("rqbpf: internal error: " + firstLine(ex.toString()));
            if (stacktrace) {
                ex.printStackTrace(e);
            } else {
                e.println("(run again with --stacktrace for details)");
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).stripTrailing();
    }
}
