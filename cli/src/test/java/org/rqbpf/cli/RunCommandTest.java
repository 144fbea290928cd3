package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final String SUITE = Path.of("..", "test-programs", "conformance").toAbsolutePath().normalize() + "/";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String helpers() {
        return Path.of("../engine/src/test/resources/runtime/helpers.bpf").toAbsolutePath().normalize().toString();
    }

    @Test
    void runsANamedProgramAndPrintsR0InDecimalAndHexWithTheTraceLog() {
        CliRun r = CliRun.of("run", helpers(), "--prog", "printk", "--repeat", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("printk: r0 = 24 (0x18)\n"), r.out());
        assertTrue(r.out().matches("(?s).*  [0-9]+ ns per run over runs 2..2 \\(steady\\); the first run took [0-9]+ ns \\(cold\\)\n.*"), r.out());
        assertTrue(r.out().contains("  trace log:\n    cpu 0 pid 1000 name bob\n    cpu 0 pid 1000 name bob\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void runsEveryProgramInFileOrderIncludingOptionalOnes() {
        CliRun r = CliRun.of("run", helpers());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int printk = out.indexOf("printk: r0 = 24");
        int printk64 = out.indexOf("printk64: r0 = 24");
        int mapOps = out.indexOf("map_ops: r0 = 47");
        int noexist = out.indexOf("map_noexist: r0 = -17 (0xffffffffffffffef)");
        assertTrue(printk >= 0 && printk < printk64 && printk64 < mapOps && mapOps < noexist, out);
    }

    @Test
    void packetAndCtxInputs() {
        CliRun r = CliRun.of("run", helpers(), "--prog", "packet_len", "--packet", "ab0102");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("packet_len: r0 = 3001171 "), r.out());
        CliRun both = CliRun.of("run", helpers(), "--ctx", "00", "--packet", "00");
        assertEquals(ExitCodes.USAGE, both.code());
        CliRun bad = CliRun.of("run", helpers(), "--packet", "zz");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("invalid --packet hex"), bad.err());
    }

    @Test
    void theErrorStreamGoesToStandardError() {
        CliRun r = CliRun.of("run", SUITE + "res_spin_lock_test.bpf");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("res_spin_lock_test: r0 = 0 (0x0)"), r.out());
        assertTrue(r.err().startsWith("ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock\n"), r.err());
        assertTrue(r.err().contains("Call trace:\n  res_spin_lock_test+20\n"), r.err());
    }

    @Test
    void sourceErrorsExitWithThreeAndRenderedDiagnostics() throws IOException {
        Path f = write("bad.bpf", "SEC(\"tc\")\nprog:\n\tr0 = nosuchthing\n\texit\n");
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertTrue(r.err().contains("bad.bpf:") && r.err().contains(": error: "), r.err());
        assertEquals(ExitCodes.LOAD_ERROR, CliRun.of("run", dir.resolve("missing.bpf").toString()).code());
    }

    @Test
    void aRejectedProgramExitsWithFourAndTheVerifierLog() throws IOException {
        Path f = write("reject.bpf", "SEC(\"tc\")\nprog:\n\tr0 = *(u64 *)(r10 - 520)\n\texit\n");
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(ExitCodes.VERIFIER_REJECTED, r.code());
        assertTrue(r.err().contains("program 'prog' rejected by the verifier"), r.err());
        assertTrue(r.err().contains("invalid read from stack"), r.err());
    }

    @Test
    void loadErrorsExitWithThree() {
        CliRun r = CliRun.of("run", SUITE + "p19_lock_in_rodata.bpf");
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertTrue(r.err().contains("read-only to programs"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.of("run", helpers(), "--prog", "nope").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("run", helpers(), "--repeat", "0").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("run").code());
    }

    @Test
    void testChecksRetvalByRunningAcceptedPrograms() {
        CliRun r = CliRun.of("test", SUITE + "res_spin_lock_test.bpf", SUITE + "spin_lock_test1_success.bpf",
                helpers());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().endsWith("10 passed, 0 failed\n"), r.out());
        assertTrue(!r.out().contains("not checked"), r.out());
    }
}
