package org.rqbpf.runtime.testrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.LoadException;

/** Test-runs of the helpers, maps, global data, packets and subprogram calls. */
class TestRunTest {
    private static TestRunResult run(String program, TestRunOptions options) throws Exception {
        return TestRun.run(Programs.resource("helpers.bpf"), program, options);
    }

    private static TestRunResult run(String program) throws Exception {
        return run(program, TestRunOptions.defaults());
    }

    @Test
    void tracePrintkFormatsIntoTheTraceLogAndReturnsItsLength() throws Exception {
        TestRunResult r = run("printk");
        assertEquals("cpu 0 pid 1000 name bob\n", r.trace());
        assertEquals(24, r.r0());
        assertEquals("", r.errors());
        TestRunResult r64 = run("printk64");
        assertEquals("v=1122334455667788 -5 %\n", r64.trace());
        assertEquals(24, r64.r0());
    }

    @Test
    void mapHelpersAtomicsAndGlobalData() throws Exception {
        assertEquals(47, run("map_ops").r0());
        assertEquals(-17, run("map_noexist").r0());
    }

    @Test
    void mapsPersistAcrossRepetitionsOfOneTestRun() throws Exception {
        // The second run of map_ops adds 2 to the value the first one left: 40 is rewritten, so 47 again;
        // but the trace log of printk accumulates over the runs.
        TestRunResult r = run("printk", new TestRunOptions(null, null, 3, TestRunOptions.defaults().load()));
        assertEquals("cpu 0 pid 1000 name bob\n".repeat(3), r.trace());
        assertEquals(3, r.repeat());
    }

    @Test
    void ctxDataAndDataEndArePacketPointers() throws Exception {
        assertEquals(64_002_000, run("packet_len").r0());
        TestRunOptions withPacket = new TestRunOptions(null, new byte[] {(byte) 0xab, 1, 2}, 1,
                TestRunOptions.defaults().load());
        assertEquals(3_001_171, run("packet_len", withPacket).r0());
    }

    @Test
    void subprogramCallsHelpersTimeAndRandomness() throws Exception {
        assertEquals(21, run("calls_sub").r0());
        assertEquals(1, run("ktime_monotonic").r0());
        // Seeded: every test-run draws the same numbers.
        assertEquals(run("prandom").r0(), run("prandom").r0());
    }

    @Test
    void aCtxLargerThanTheTypesIsRefused() throws Exception {
        Program p = Programs.resource("helpers.bpf");
        TestRunOptions bigCtx = new TestRunOptions(new byte[200], null, 1, TestRunOptions.defaults().load());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestRun.run(p, "printk", bigCtx));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void unknownProgramsAreLoadErrors() throws Exception {
        LoadException e = assertThrows(LoadException.class,
                () -> TestRun.run(Programs.resource("helpers.bpf"), "nope", TestRunOptions.defaults()));
        assertEquals(LoadException.Kind.LOAD_ERROR, e.kind());
    }
}
