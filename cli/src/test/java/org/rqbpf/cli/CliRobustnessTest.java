package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Inputs from outside that every command must survive: a one-line message and a distinct exit code,
 * never a stack trace (without {@code --stacktrace}), never an internal error.
 */
class CliRobustnessTest {
    private static final String[] COMMANDS = {"asm", "disasm", "verify", "test", "run", "conformance", "attach", "torture"};
    private final InputStream savedStdin = ConformanceCommand.stdin;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        ConformanceCommand.stdin = savedStdin;
    }

    private static void assertOneLineError(CliRun r, int code, String message) {
        assertEquals(code, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("rqbpf: ") && r.err().contains(message), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("Try 'rqbpf")).count(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"asm", "disasm", "verify", "test", "run", "conformance", "attach", "torture"})
    void everySubcommandAnswersHelpAndVersion(String command) {
        CliRun help = CliRun.of(command, "--help");
        assertEquals(ExitCodes.OK, help.code());
        assertTrue(help.out().startsWith("Usage: rqbpf " + command), help.out());
        for (String flag : new String[] {"--version", "-V"}) {
            CliRun version = CliRun.of(command, flag);
            assertEquals(ExitCodes.OK, version.code());
            assertTrue(version.out().startsWith("rqbpf "), command + " " + flag + " printed '" + version.out() + "'");
        }
    }

    @Test
    void stacktraceWorksAnywhereOnTheLineAndOnlyThenPrintsOne() {
        Path missing = dir.resolve("missing.bpf");
        CliRun plain = CliRun.of("verify", missing.toString());
        assertOneLineError(plain, ExitCodes.LOAD_ERROR, "cannot read " + missing + ": no such file");
        for (String[] args : new String[][] {
            {"--stacktrace", "verify", missing.toString()},
            {"verify", "--stacktrace", missing.toString()},
            {"verify", missing.toString(), "--stacktrace"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCodes.LOAD_ERROR, r.code());
            assertTrue(r.err().startsWith(plain.err()), r.err());
            assertTrue(r.err().contains("\tat org.rqbpf.cli."), r.err());
        }
    }

    @Test
    void missingAndUnknownCommandsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.of().code());
        assertEquals(ExitCodes.USAGE, CliRun.of("frobnicate").code());
        for (String command : COMMANDS) {
            assertEquals(ExitCodes.USAGE, CliRun.of(command, "--no-such-option").code(), command);
        }
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("line one\nline two");
        }
    }

    @Test
    void anInternalErrorIsOneLineAndAHintUnlessStacktraceIsGiven() {
        for (boolean stacktrace : new boolean[] {false, true}) {
            StringWriter err = new StringWriter();
            PrintWriter errWriter = new PrintWriter(err, true);
            CommandLine cli = Main.newCommandLine(new PrintWriter(new StringWriter(), true), errWriter, stacktrace);
            cli.addSubcommand(new Boom());
            cli.setErr(errWriter); // a subcommand added later does not inherit the streams
            assertEquals(ExitCodes.INTERNAL_ERROR, cli.execute("boom"));
            String first = "rqbpf: internal error: java.lang.IllegalStateException: line one\n";
            if (stacktrace) {
                assertTrue(err.toString().startsWith(first + "java.lang.IllegalStateException: line one\nline two\n\tat "),
                        err.toString());
            } else {
                assertEquals(first + "(run again with --stacktrace for details)\n", err.toString());
            }
        }
    }

    @Test
    void aDirectoryIsNotAFile() {
        for (String command : new String[] {"asm", "disasm", "verify", "run", "attach"}) {
            assertOneLineError(CliRun.of(command, dir.toString()), ExitCodes.LOAD_ERROR, "cannot read " + dir + ": is a directory");
        }
    }

    @Test
    void binaryInputReachesTheAssemblerAsSourceErrors() throws IOException {
        Path bin = dir.resolve("random.bpf");
        Files.write(bin, new byte[] {(byte) 0xc3, 0x28, 0x07, 0x1b, (byte) 0x9b, '\n', (byte) 0xf0, (byte) 0x90, '\n'});
        for (String command : new String[] {"asm", "verify", "run", "attach"}) {
            CliRun r = CliRun.of(command, bin.toString());
            assertEquals(ExitCodes.LOAD_ERROR, r.code(), command + ": " + r.err());
            assertTrue(r.err().startsWith(bin + ":1:1: error: "), command + ": " + r.err());
            assertFalse(r.err().contains("\u001b") || r.err().contains("\u0007"), command + ": " + r.err());
        }
    }

    @Test
    void aMessageQuotingAHugeTokenIsCut() throws IOException {
        Path f = dir.resolve("huge.bpf");
        Files.writeString(f, "SEC(\"tc\")\nprog:\n\t" + "a".repeat(50_000) + "\n\texit\n");
        CliRun r = CliRun.of("asm", f.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertTrue(r.err().length() < 1000, r.err().length() + " characters of errors");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999m", "1441m", "86400001ms"})
    void durationsBeyondADayAreUsageErrorsNotOverflows(String duration) {
        CliRun torture = CliRun.of("torture", "--duration", duration);
        assertEquals(ExitCodes.USAGE, torture.code(), torture.err());
        assertTrue(torture.err().contains("duration too long"), torture.err());
        CliRun attach = CliRun.of("attach", dir.resolve("x.bpf").toString(), "--duration", duration);
        assertEquals(ExitCodes.USAGE, attach.code(), attach.err());
    }

    @Test
    void aNegativeHoldIsAUsageError() {
        assertEquals(ExitCodes.USAGE, CliRun.of("torture", "--hold-ns", "-5", "--duration", "100ms").code());
    }

    @Test
    void hexTakesOnlyAsciiDigitsAndNamesTheBadCharacter() {
        String helpers = Path.of("../engine/src/test/resources/runtime/helpers.bpf").toAbsolutePath().normalize().toString();
        assertOneLineError(CliRun.of("run", helpers, "--ctx", "\u0661\u0662"), ExitCodes.USAGE,
                "invalid --ctx hex: '\\u0661' is not a hex digit");
        assertOneLineError(CliRun.of("run", helpers, "--packet", "12g"), ExitCodes.USAGE,
                "invalid --packet hex: 'g' is not a hex digit");
        assertOneLineError(CliRun.of("run", helpers, "--packet", "123"), ExitCodes.USAGE,
                "invalid --packet hex: odd number of digits (3)");
    }

    @Test
    void theConformancePluginTreatsABadProgramOnStandardInputAsALoadError() {
        ConformanceCommand.stdin = new ByteArrayInputStream("garbage!!\n\u0000".getBytes(StandardCharsets.ISO_8859_1));
        assertOneLineError(CliRun.of("conformance", "--plugin"), ExitCodes.LOAD_ERROR,
                "invalid standard-input program hex: 'g' is not a hex digit");
        ConformanceCommand.stdin = new ByteArrayInputStream(new byte[0]);
        assertOneLineError(CliRun.of("conformance", "--plugin"), ExitCodes.LOAD_ERROR, "non-empty multiple of 8 bytes");
    }

    @Test
    void conformanceOfANonConformanceFileOrAnEmptyFolder() throws IOException {
        Path bpf = dir.resolve("prog.bpf");
        Files.writeString(bpf, "SEC(\"tc\")\nprog:\n\tr0 = 0\n\texit\n");
        CliRun r = CliRun.of("conformance", bpf.toString());
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        assertEquals("FAIL " + bpf + ": no '-- result' section (not a bpf_conformance test file?)\n0 passed, 1 failed\n", r.out());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertOneLineError(CliRun.of("conformance", empty.toString()), ExitCodes.USAGE, "no .data test files in " + empty);
    }

    @Test
    void disasmOfAnEmptyFileIsALoadError() throws IOException {
        Path f = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertOneLineError(CliRun.of("disasm", f.toString()), ExitCodes.LOAD_ERROR, f + ": empty file: no instructions");
    }

    @Test
    void asmRawIntoAFileSaysWhy() throws IOException {
        Path src = dir.resolve("ok.bpf");
        Files.writeString(src, "SEC(\"tc\")\nprog:\n\tr0 = 0\n\texit\n");
        Path notADir = Files.writeString(dir.resolve("plain"), "");
        CliRun r = CliRun.of("asm", src.toString(), "--raw", notADir.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("rqbpf: cannot write " + notADir + ": a file of that name exists\n", r.err());
    }

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        java.util.List<String> commands = new java.util.ArrayList<>(Main.newCommandLine(new java.io.PrintWriter(
                java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()), false).getSubcommands().keySet());
        commands.add(0, "");
        for (String c : commands) {
            CliRun r = c.isEmpty() ? CliRun.of("--help") : CliRun.of(c, "--help");
            org.junit.jupiter.api.Assertions.assertEquals(0, r.code(), c);
            org.junit.jupiter.api.Assertions.assertTrue(r.out().contains("Exit codes:\n   0   ok\n"), c + ": " + r.out());
            org.junit.jupiter.api.Assertions.assertTrue(r.out().contains("  70   internal error"), c + ": " + r.out());
        }
    }
}
