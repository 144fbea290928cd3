package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    private static final String P19 = Path.of("..", "test-programs", "conformance").toAbsolutePath().normalize() + "/p19_both_lock_kinds_in_value.bpf";

    /** One program the verifier accepts and one it rejects (r0 is read at exit before any write). */
    private static final String GOOD_AND_BAD = """
            SEC("tc")
            good:
            \tr0 = 0
            \texit

            SEC("tc")
            bad:
            \texit
            """;

    /** Two paths; level 1 keeps only the last one explored, level 2 logs every instruction of both. */
    private static final String BRANCHY = """
            SEC("tc")
            branchy:
            \tcall bpf_ktime_get_ns
            \tif r0 > 5 goto big
            \tr0 = 1
            \texit
            big:
            \tr0 = r5
            \texit
            """;

    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void printsTheVerdictOfAnAcceptedProgram() throws IOException {
        CliRun r = CliRun.of("verify", write("gb.bpf", GOOD_AND_BAD), "--prog", "good");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("good: accepted (processed 2 insns)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aRejectionExitsWithFourAndPrintsTheKernelErrorAtLevelZero() throws IOException {
        CliRun r = CliRun.of("verify", write("gb.bpf", GOOD_AND_BAD));
        assertEquals(ExitCodes.VERIFIER_REJECTED, r.code(), r.err());
        assertEquals("good: accepted (processed 2 insns)\nR0 !read_ok\nbad: rejected (EACCES) at insn 0\n", r.out());
    }

    @Test
    void levelOnePrintsTheLogInTheKernelFormatBeforeTheVerdict() throws IOException {
        CliRun r = CliRun.of("verify", write("gb.bpf", GOOD_AND_BAD), "--prog", "good", "--log-level", "1");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0"), out);
        assertTrue(out.endsWith("\ngood: accepted (processed 2 insns)\n"), out);

        CliRun bad = CliRun.of("verify", dir.resolve("gb.bpf").toString(), "--prog", "bad", "--log-level", "1");
        assertEquals(ExitCodes.VERIFIER_REJECTED, bad.code());
        assertTrue(bad.out().startsWith("0: R1=ctx() R10=fp0\n0: (95) exit\nR0 !read_ok\n"), bad.out());
        assertTrue(bad.out().contains("processed 1 insns (limit 1000000)"), bad.out());

        CliRun stats = CliRun.of("verify", dir.resolve("gb.bpf").toString(), "--prog", "good", "--log-level", "5");
        assertTrue(stats.out().startsWith("verification time "), stats.out());
        assertTrue(stats.out().contains(" usec\nstack depth 0\nprocessed 2 insns"), stats.out());
    }

    @Test
    void levelTwoLogsEveryInstructionOfEveryPath() throws IOException {
        String f = write("branchy.bpf", BRANCHY);
        CliRun one = CliRun.of("verify", f, "--log-level", "1");
        CliRun two = CliRun.of("verify", f, "--log-level", "2");
        assertEquals(ExitCodes.VERIFIER_REJECTED, one.code(), one.err());
        assertEquals(ExitCodes.VERIFIER_REJECTED, two.code(), two.err());
        assertTrue(two.out().contains("1: (25) if r0 > 0x5 goto pc+2"), two.out());
        assertTrue(two.out().contains("2: (b7) r0 = 1"), two.out());
        assertTrue(two.out().contains("from 1 to 4: "), two.out());
        assertTrue(two.out().contains("4: (bf) r0 = r5\nR5 !read_ok"), two.out());
        assertTrue(two.out().contains("processed 5 insns (limit 1000000)"), two.out());
        assertFalse(one.out().contains("2: (b7) r0 = 1"), one.out());
        assertTrue(one.out().contains("4: (bf) r0 = r5\nR5 !read_ok"), one.out());
    }

    @Test
    void logLevelsOutsideTheKernelsBitsAreUsageErrors() throws IOException {
        String f = write("gb.bpf", GOOD_AND_BAD);
        for (String level : new String[] {"16", "-1", "x"}) {
            CliRun r = CliRun.of("verify", f, "--log-level", level);
            assertEquals(ExitCodes.USAGE, r.code(), level);
            assertEquals("", r.out());
        }
        assertEquals("rqbpf: --log-level must combine the bits 1, 2, 4 and 8 (0-15), not 16\n",
                CliRun.of("verify", f, "--log-level", "16").err());
    }

    @Test
    void anUnknownProgramIsAUsageError() throws IOException {
        String f = write("gb.bpf", GOOD_AND_BAD);
        CliRun r = CliRun.of("verify", f, "--prog", "nope");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("rqbpf: no program named 'nope' in " + f + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void sourceErrorsAreRenderedWithTheLineAndACaretAndExitThree() throws IOException {
        String f = write("typo.bpf", "SEC(\"tc\")\nprog:\n\tr0 = 0\n\tr11 = 1\n\texit\n");
        CliRun r = CliRun.of("verify", f);
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("", r.out());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith(f + ":4:2: error: "), r.err());
        assertEquals("\tr11 = 1", lines[1]);
        assertEquals("\t^", lines[2]);
        assertEquals("rqbpf: 1 error in " + f, lines[lines.length - 1]);
    }

    @Test
    void aLoadErrorPrintsTheLockPlacementMessageAndExitsThree() {
        CliRun r = CliRun.of("verify", P19);
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(P19 + ":20:3: error: BTF of map 'mixed_locks' does not load: 'struct mixed_elem' has "
                + "both 'struct bpf_spin_lock' and 'struct bpf_res_spin_lock'\n} mixed_locks SEC(\".maps\");\n  ^ [EINVAL]\n"),
                r.err());
        assertTrue(r.err().endsWith("rqbpf: " + P19 + " does not load\n"), r.err());
    }

    @Test
    void unreadableInputsAreOneLineErrorsWithExitThree() throws IOException {
        Path missing = dir.resolve("missing.bpf");
        assertEquals(new CliRun(ExitCodes.LOAD_ERROR, "", "rqbpf: cannot read " + missing + ": no such file\n"),
                CliRun.of("verify", missing.toString()));
        assertEquals(new CliRun(ExitCodes.LOAD_ERROR, "", "rqbpf: cannot read " + dir + ": is a directory\n"),
                CliRun.of("verify", dir.toString()));
        CliRun empty = CliRun.of("verify", write("empty.bpf", ""));
        assertEquals(ExitCodes.LOAD_ERROR, empty.code());
        assertTrue(empty.err().contains("empty.bpf:1:1: error: "), empty.err());
    }

    @Test
    void aBinaryFileIsReportedAsSourceErrorsWithControlCharactersTamed() throws IOException {
        Path bin = dir.resolve("bin.bpf");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x1b, '[', '2', 'J', '\n'});
        CliRun r = CliRun.of("verify", bin.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertTrue(r.err().startsWith(bin + ":1:1: error: "), r.err());
        assertFalse(r.err().contains("\u001b"), "an escape character reached the terminal: " + r.err());
        assertFalse(r.err().contains("Input length"), r.err());
    }

    @Test
    void aHugeSourceLineIsCutToAWindowAroundTheColumn() throws IOException {
        String f = write("huge.bpf", "SEC(\"tc\")\nprog:\n\tr0 = 0 " + "x".repeat(100_000) + "\n\texit\n");
        CliRun r = CliRun.of("verify", f);
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        for (String line : r.err().split("\n")) {
            assertTrue(line.length() < 500, "line of " + line.length() + " characters");
        }
        assertTrue(r.err().contains("..."), r.err());
    }
}
