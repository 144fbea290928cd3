package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    private static final String PASSING = """
            SEC("tc")
            __success __retval(7)
            seven:
            \tr0 = 7
            \texit

            SEC("tc")
            __failure __msg("R0 !read_ok")
            reads_r0:
            \texit
            """;

    /** Two bpf_spin_lock members in one struct: its BTF does not load, so only __failure programs can pass. */
    private static final String UNLOADABLE = """
            struct two_lock_elem {
            \tstruct bpf_spin_lock first;
            \tstruct bpf_spin_lock second;
            };

            struct {
            \t__uint(type, BPF_MAP_TYPE_ARRAY);
            \t__uint(max_entries, 1);
            \t__type(key, u32);
            \t__type(value, struct two_lock_elem);
            } two_locks SEC(".maps");

            SEC("tc")
            __failure __msg("BTF of map 'two_locks' does not load: 'struct two_lock_elem' has more than one 'struct bpf_spin_lock'")
            matches:
            \tr1 = two_locks ll
            \tr0 = 0
            \texit

            SEC("tc")
            __failure __msg("some other message")
            does_not_match:
            \tr0 = 0
            \texit

            SEC("tc")
            __success
            expects_success:
            \tr0 = 0
            \texit
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void passingProgramsEndWithTheCountLineAndExitZero() throws IOException {
        Path f = write("pass.bpf", PASSING);
        CliRun r = CliRun.of("test", f.toString());
        assertEquals(new CliRun(ExitCodes.OK, "2 passed, 0 failed\n", ""), r);
    }

    @Test
    void aRetvalMismatchIsAFailLine() throws IOException {
        Path f = write("retval.bpf", PASSING.replace("__retval(7)", "__retval(8)"));
        CliRun r = CliRun.of("test", f.toString(), "--no-jit");
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        assertEquals("FAIL " + f + ":seven: retval 7, expected 8\n1 passed, 1 failed\n", r.out());
    }

    @Test
    void verdictAndMessageMismatchesAreFailLines() throws IOException {
        Path f = write("verdicts.bpf", """
                SEC("tc")
                __failure
                accepted:
                \tr0 = 0
                \texit

                SEC("tc")
                __success
                rejected:
                \texit

                SEC("tc")
                __failure __msg("no such text")
                wrong_msg:
                \texit
                """);
        CliRun r = CliRun.of("test", f.toString());
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        assertEquals("FAIL " + f + ":accepted: accepted, expected rejection\n"
                + "FAIL " + f + ":rejected: rejected, expected acceptance: R0 !read_ok\n"
                + "FAIL " + f + ":wrong_msg: expected message not found: \"no such text\"\n"
                + "0 passed, 3 failed\n", r.out());
    }

    @Test
    void aFailureProgramPassesOnALoadErrorWhoseMessageMatches() throws IOException {
        Path f = write("unloadable.bpf", UNLOADABLE);
        CliRun r = CliRun.of("test", f.toString());
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        String out = r.out();
        assertTrue(!out.contains(":matches:"), out);
        assertTrue(out.contains("FAIL " + f + ":does_not_match: expected message not found: \"some other message\"\n"), out);
        assertTrue(out.contains("FAIL " + f + ":expects_success: file does not load: " + f.getFileName()
                + ":11:3: error: BTF of map 'two_locks' does not load: 'struct two_lock_elem' has more than one "
                + "'struct bpf_spin_lock'\n"), out);
        assertTrue(out.endsWith("\n1 passed, 2 failed\n"), out);
    }

    @Test
    void theSharedLoadErrorFileP19Passes() {
        CliRun r = CliRun.of("test", Path.of("..", "test-programs", "conformance").toAbsolutePath().normalize() + "/p19_two_res_locks_in_value.bpf");
        assertEquals(new CliRun(ExitCodes.OK, "1 passed, 0 failed\n", ""), r);
    }

    @Test
    void foldersAreSearchedRecursivelyInSortedOrder() throws IOException {
        write("b/deep/z.bpf", PASSING.replace("__retval(7)", "__retval(9)"));
        write("a.bpf", PASSING.replace("__retval(7)", "__retval(9)"));
        write("b/notes.txt", "not a program");
        CliRun r = CliRun.of("test", dir.toString(), "--no-jit");
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        assertEquals("FAIL " + dir.resolve("a.bpf") + ":seven: retval 7, expected 9\n"
                + "FAIL " + dir.resolve("b/deep/z.bpf") + ":seven: retval 7, expected 9\n"
                + "2 passed, 2 failed\n", r.out());
    }

    @Test
    void sourceErrorsAndBinaryFilesFailTheirFileWithoutStoppingTheRun() throws IOException {
        Path bad = write("a_bad.bpf", "SEC(\"tc\")\nprog:\n\tr0 = nosuch\n\texit\n");
        Path bin = dir.resolve("b_bin.bpf");
        Files.write(bin, new byte[] {(byte) 0xc3, 0x28, 0x00, (byte) 0xff, '\n'});
        write("c_ok.bpf", PASSING);
        CliRun r = CliRun.of("test", dir.toString());
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("FAIL " + bad + ":*: source errors: a_bad.bpf:"), r.out());
        assertTrue(lines[1].startsWith("FAIL " + bin + ":*: source errors: b_bin.bpf:1:1: error: "), r.out());
        assertEquals("2 passed, 2 failed", lines[2]);
    }

    @Test
    void aMalformedRegexInMsgIsASourceErrorNotACrash() throws IOException {
        Path f = write("regex.bpf", """
                SEC("tc")
                __success __msg("{{[unclosed}}")
                prog:
                \tr0 = 0
                \texit
                """);
        CliRun r = CliRun.of("test", f.toString());
        assertEquals(ExitCodes.FAILURES, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals("FAIL " + f + ":*: source errors: regex.bpf:2:17: error: invalid {{regex}} in __msg: "
                + "Unclosed character class\n0 passed, 1 failed\n", r.out());
    }

    @Test
    void noFilesToTestIsAUsageError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(new CliRun(ExitCodes.USAGE, "", "rqbpf: no .bpf files in " + empty + "\n"),
                CliRun.of("test", empty.toString()));
        write("other/readme.txt", "no programs here");
        assertEquals(ExitCodes.USAGE, CliRun.of("test", dir.resolve("other").toString()).code());
        Path missing = dir.resolve("missing.bpf");
        assertEquals(new CliRun(ExitCodes.USAGE, "", "rqbpf: no such file or directory: " + missing + "\n"),
                CliRun.of("test", missing.toString()));
        assertEquals(ExitCodes.USAGE, CliRun.of("test").code());
    }
}
