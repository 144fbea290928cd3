package org.rqbpf.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.verifier.VerifierResult;

class ProgramVerifierTest {
    private static Program parse(String text) throws Exception {
        return Assembler.parse("t.bpf", text);
    }

    @Test
    void anAcceptedProgramIsVerifiedWithoutALogButWithItsStatistics() throws Exception {
        Program file = parse("SEC(\"tc\")\nf:\n\tr0 = 1\n\tif r0 > 0 goto out\n\tr0 = 2\nout:\n\texit\n");
        VerifierResult r = ProgramVerifier.DEFAULT.verify(file, file.programs().get(0));
        assertTrue(r.accepted());
        assertEquals("", r.log());
        assertTrue(r.stats().processedInsns() > 0);
    }

    @Test
    void aRejectionCarriesTheFailingPathAtLevelOne() throws Exception {
        Program file = parse("SEC(\"tc\")\nf:\n\tr1 = 1\n\texit\n");
        VerifierResult r = ProgramVerifier.DEFAULT.verify(file, file.programs().get(0));
        assertFalse(r.accepted());
        assertEquals("R0 !read_ok", r.error());
        assertTrue(r.log().contains("0: (b7) r1 = 1"), r.log());
        assertTrue(r.log().contains("R0 !read_ok"), r.log());
    }

    @Test
    void theLoaderReportsEachProgramsLoadTimeAndTheRejectionsLog() throws Exception {
        Program file = parse("SEC(\"tc\")\nf:\n\tr0 = 0\n\texit\n");
        LoadedFile loaded = Loader.load(TestRun.newMachine(), file, null, LoadOptions.defaults());
        assertTrue(loaded.programs().get(0).loadNanos() > 0);
        Program bad = parse("SEC(\"tc\")\nf:\n\texit\n");
        LoadException e = assertThrows(LoadException.class,
                () -> Loader.load(TestRun.newMachine(), bad, null, LoadOptions.defaults()));
        assertTrue(e.verdict().log().contains("0: (95) exit"), e.verdict().log());
    }
}
