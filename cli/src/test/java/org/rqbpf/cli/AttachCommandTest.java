package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachCommandTest {
    private static String resource(String name) {
        return Path.of("../attach/src/test/resources/attach", name).toAbsolutePath().normalize().toString();
    }

    private static CliRun attach(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "attach";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    @Test
    void runsEveryHookPrintsProgressAndAReport() {
        CliRun r = attach(resource("traced.bpf"), "--cpus", "2", "--duration", "1100ms", "--seed", "3",
                "--rate", "packet=0", "--rate", "openat=2000");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.err().contains("[1.0s] "), r.err());
        assertTrue(r.err().contains(" events/s  runs "), r.err());
        String out = r.out();
        assertTrue(out.startsWith("attach " + resource("traced.bpf") + ": 2 CPUs for "), out);
        assertTrue(out.contains("seed 3"), out);
        assertTrue(out.contains("on_switch                tp/sched/sched_switch"), out);
        assertTrue(out.contains("on_openat                ?tp/syscalls/sys_enter_openat"), out);
        assertTrue(out.contains("not_attached             not attached (test-run only)"), out);
        assertTrue(out.contains("trace log (last "), out);
        assertTrue(out.contains("        irq "), out);
        assertTrue(out.contains("runtime faults: 0"), out);
        assertTrue(out.contains("  packet                    0            0"), out);
    }

    @Test
    void jsonReportWithMapContents() {
        CliRun r = attach(resource("traced.bpf"), "--cpus", "1", "--duration", "200ms", "--json", "--dump-maps",
                "--no-jit");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String out = r.out().strip();
        assertTrue(out.startsWith("{") && out.endsWith("}"), out);
        assertTrue(out.contains("\"backend\": \"interpreter\""), out);
        assertTrue(out.contains("\"hook\": \"tp/syscalls/sys_enter_openat\""), out);
        assertTrue(out.contains("\"optional\": true"), out);
        assertTrue(out.contains("\"hook\": null"), out);
        assertTrue(out.contains("\"lock_outcomes\": {"), out);
        assertTrue(out.contains("\"map_contents\": ["), out);
        assertTrue(out.contains("\"runtime_faults\": 0"), out);
    }

    @Test
    void dumpMapsPrintsTypedContents() {
        CliRun r = attach(resource("traced.bpf"), "--cpus", "1", "--duration", "100ms", "--dump-maps");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("map hits (PERCPU_ARRAY, key 4 B, value 8 B, max_entries 8): 8 entries"), r.out());
        assertTrue(r.out().contains("  0: cpu0 0\n"), r.out());
    }

    @Test
    void noVerifyIsRefused() {
        CliRun r = attach(resource("traced.bpf"), "--no-verify");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--no-verify is refused for attach"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        String f = resource("traced.bpf");
        assertUsage(attach(f, "--rate", "bogus=5"), "invalid --rate 'bogus=5'");
        assertUsage(attach(f, "--rate", "packet"), "invalid --rate 'packet'");
        assertUsage(attach(f, "--rate", "nmi=fast"), "the rate must be a number");
        assertUsage(attach(f, "--rate", "nmi=-1"), "the rate must be a number");
        assertUsage(attach(f, "--cpus", "0"), "--cpus must be 1..64");
        assertUsage(attach(f, "--cpus", "65"), "--cpus must be 1..64");
        assertUsage(attach(f, "--duration", "0ms"), "duration must be positive");
        assertUsage(attach(f, "--duration", "5x"), "invalid duration '5x'");
        assertUsage(attach(), "Missing required parameter");
    }

    private static void assertUsage(CliRun r, String message) {
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    /** Written at run time: every .bpf file kept in the repository must assemble (grammar's CorpusTest). */
    private static final String SYNTAX_ERROR = "SEC(\"tc\")\nbroken:\n\tr0 = = 1\n\texit\n";

    @Test
    void loadErrorsAndRejections(@TempDir Path tmp) throws IOException {
        CliRun missing = attach(resource("no_such_file.bpf"));
        assertEquals(ExitCodes.LOAD_ERROR, missing.code());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        Path syntaxError = Files.writeString(tmp.resolve("syntax_error.bpf"), SYNTAX_ERROR);
        CliRun syntax = attach(syntaxError.toString());
        assertEquals(ExitCodes.LOAD_ERROR, syntax.code());
        assertTrue(syntax.err().contains("error:"), syntax.err());
        CliRun kprobe = attach(resource("bad_kprobe.bpf"));
        assertEquals(ExitCodes.LOAD_ERROR, kprobe.code());
        assertTrue(kprobe.err().contains("the simulated kernel has no function 'do_sys_open'"), kprobe.err());
        CliRun rejected = attach(resource("rejected.bpf"));
        assertEquals(ExitCodes.VERIFIER_REJECTED, rejected.code());
        assertTrue(rejected.err().contains("program 'reads_uninit' rejected by the verifier"), rejected.err());
        assertEquals("", rejected.out());
    }
}
