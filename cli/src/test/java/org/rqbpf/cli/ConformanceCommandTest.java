package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.grammar.ubpf.ConformanceSuite;

class ConformanceCommandTest {
    private final InputStream savedStdin = ConformanceCommand.stdin;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        ConformanceCommand.stdin = savedStdin;
    }

    /** The suite's folder; the test calling this is skipped when it is absent. */
    private static String suite() {
        if (!ConformanceSuite.present()) {
            System.out.println("SKIPPED: " + ConformanceSuite.absence());
        }
        assumeTrue(ConformanceSuite.present(), ConformanceSuite.absence());
        return ConformanceSuite.configured().toString();
    }

    private static CliRun plugin(String programHex, String... memHex) {
        ConformanceCommand.stdin = new ByteArrayInputStream(programHex.getBytes(StandardCharsets.US_ASCII));
        String[] args = new String[memHex.length + 2];
        args[0] = "conformance";
        args[1] = "--plugin";
        System.arraycopy(memHex, 0, args, 2, memHex.length);
        return CliRun.of(args);
    }

    @Test
    void theWholeSuitePasses() {
        CliRun r = CliRun.of("conformance", suite());
        assertEquals(0, r.code(), r.out());
        assertEquals("313 passed, 0 failed\n", r.out());
    }

    @Test
    void theWholeSuitePassesOnTheInterpreterToo() {
        CliRun r = CliRun.of("conformance", "--no-jit", suite());
        assertEquals(0, r.code(), r.out());
        assertEquals(CliRun.of("conformance", "--jit", suite()).out(), r.out());
    }

    @Test
    void failuresAreListedAndExitWithOne() throws IOException {
        Path wrong = dir.resolve("wrong.data");
        Files.writeString(wrong, "-- asm\nmov %r0, 1\nexit\n-- result\n0x2\n");
        Path faulty = dir.resolve("faulty.data");
        Files.writeString(faulty, "-- asm\nldxdw %r0, [%r1]\nexit\n-- result\n0x0\n");
        CliRun r = CliRun.of("conformance", wrong.toString(), faulty.toString(), suite() + "/add.data");
        assertEquals(ExitCodes.FAILURES, r.code());
        assertTrue(r.out().contains("FAIL wrong: r0 = 0x1, expected 0x2\n"), r.out());
        assertTrue(r.out().contains("FAIL faulty: runtime fault in program 'faulty' at insn 0, address 0x0000000000000000"),
                r.out());
        assertTrue(r.out().endsWith("1 passed, 2 failed\n"), r.out());
    }

    @Test
    void missingFilesAndNoArguments() {
        assertEquals(ExitCodes.LOAD_ERROR, CliRun.of("conformance", dir.resolve("none").toString()).code());
        assertEquals(ExitCodes.USAGE, CliRun.of("conformance").code());
    }

    @Test
    void pluginRunsAProgramFromStandardInputWithMemoryFromTheArgument() {
        // ldxw r0, [r1]; exit
        CliRun r = plugin("6110000000000000 9500000000000000", "78563412");
        assertEquals(0, r.code(), r.err());
        assertEquals("12345678\n", r.out());
        // mov r0, r2 (the memory length); exit; no memory given
        CliRun noMem = plugin("bf20000000000000" + "9500000000000000");
        assertEquals("0\n", noMem.out());
    }

    @Test
    void pluginErrorsGoToStandardErrorWithANonZeroExit() {
        CliRun fault = plugin("6110000000000000 9500000000000000");
        assertEquals(ExitCodes.RUNTIME_FAULT, fault.code());
        assertTrue(fault.err().contains("runtime fault"), fault.err());
        assertEquals("", fault.out());
        assertEquals(ExitCodes.LOAD_ERROR, plugin("611000").code());
        assertEquals(ExitCodes.LOAD_ERROR, plugin("zz").code());
    }
}
