package org.rqbpf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.grammar.ubpf.ConformanceFormatException;
import org.rqbpf.grammar.ubpf.ConformanceReader;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.conformance.ConformanceRunner;
import org.rqbpf.runtime.load.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf conformance}: runs bpf_conformance test files without the verifier, JIT-compiled (as
 * {@code run} does) or on the interpreter ({@code --no-jit}), or speaks that suite's plugin protocol
 * ({@code --plugin}).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run bpf_conformance test files (.data) without the verifier, JIT-compiled (--no-jit: on "
                + "the interpreter).",
            "With --plugin: read a program as hex on standard input, take the memory as hex in the first "
                + "argument, print r0 in hex (the bpf_conformance plugin protocol)."})
public final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", description = "Speak the bpf_conformance plugin protocol.")
    boolean plugin;

    @Option(names = "--jit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "compile to JVM bytecode (the default, as run does); --no-jit interprets")
    boolean jit;

    @Parameters(paramLabel = "DIR|FILE|MEMHEX", arity = "0..*",
            description = "Test files or folders of them; with --plugin, the input memory in hex.")
    List<String> args = new ArrayList<>();

    /** Standard input of the plugin protocol; tests replace it. */
    static InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        return plugin ? plugin() : runFiles();
    }

    private int runFiles() throws IOException {
        if (args.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "conformance: give test files or folders (or --plugin)");
        }
        PrintWriter out = spec.commandLine().getOut();
        ConformanceRunner runner = new ConformanceRunner(Backend.choose(!jit));
        int passed = 0;
        int failed = 0;
        for (Path file : files()) {
            ConformanceRunner.Verdict v;
            try {
                v = runner.check(ConformanceReader.read(file));
            } catch (ConformanceFormatException e) {
                failed++;
                out.println("FAIL " + e.getMessage() + " (not a bpf_conformance test file?)");
                continue;
            } catch (IOException e) {
                v = new ConformanceRunner.Verdict(file.getFileName().toString(), false,
                        "cannot read: " + SourceFiles.describe(e));
            }
            if (v.passed()) {
                passed++;
            } else {
                failed++;
                out.println("FAIL " + v.name() + ": " + v.detail());
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = path(a);
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".data")).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new CliException(ExitCodes.LOAD_ERROR, "conformance: no such file or folder: " + a);
            }
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "conformance: no .data test files in " + String.join(", ", args));
        }
        return out;
    }

    private static Path path(String arg) {
        try {
            return Path.of(arg);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CliException(ExitCodes.USAGE, "conformance: invalid path '" + arg + "': " + e.getReason());
        }
    }

    private int plugin() throws IOException {
        if (args.size() > 1) {
            throw new CliException(ExitCodes.USAGE, "conformance --plugin takes at most one argument (the memory in hex)");
        }
        byte[] code = programFromStdin();
        if (code.length == 0 || code.length % 8 != 0) {
            throw new CliException(ExitCodes.LOAD_ERROR, "the program must be a non-empty multiple of 8 bytes, got "
                    + code.length);
        }
        byte[] mem = args.isEmpty() ? new byte[0] : Hex.parse(args.get(0), "memory");
        List<RawInsn> insns = new ArrayList<>(code.length / 8);
        for (int i = 0; i < code.length; i += 8) {
            long slot = 0;
            for (int b = 7; b >= 0; b--) {
                slot = (slot << 8) | (code[i + b] & 0xff);
            }
            insns.add(RawInsn.fromLong(slot));
        }
        try {
            long r0 = new ConformanceRunner(Backend.choose(!jit)).run("plugin", insns, mem);
            spec.commandLine().getOut().println(Long.toHexString(r0));
            return ExitCodes.OK;
        } catch (RuntimeFault f) {
            throw new CliException(ExitCodes.RUNTIME_FAULT, f.getMessage(), f);
        }
    }

    /** The program of the plugin protocol: its input, not the command line, so a bad one is exit 3. */
    private static byte[] programFromStdin() throws IOException {
        String text = new String(stdin.readAllBytes(), StandardCharsets.ISO_8859_1);
        try {
            return Hex.parse(text, "standard-input program");
        } catch (CliException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, e.getMessage(), e);
        }
    }
}
