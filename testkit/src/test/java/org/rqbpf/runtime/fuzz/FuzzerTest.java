package org.rqbpf.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * A fixed-seed fuzz run: no verifier escapes, no disagreements between the interpreter and the JIT, no
 * crashes or hangs, and the generator keeps producing programs the verifier accepts (otherwise the
 * differential part would silently test nothing).
 */
class FuzzerTest {
    private static final long SEED = 20_240_601;
    private static final int COUNT = 200;

    @Test
    void fixedSeedRunFindsNothing() {
        Fuzzer.Summary s = Fuzzer.run(SEED, COUNT, null, f -> { });
        assertEquals(COUNT, s.generated());
        assertTrue(s.clean(), () -> s.findings().stream().map(Finding::render).collect(Collectors.joining("\n")));
        assertTrue(s.acceptedPercent() >= 40, "only " + s.acceptedPercent() + "% of the programs were accepted");
    }

    @Test
    void aSeedAlwaysGivesTheSameCase() {
        FuzzCase a = FuzzCase.of(42);
        FuzzCase b = FuzzCase.of(42);
        assertEquals(a.source(), b.source());
        assertEquals(Finding.hex(a.ctx()) + Finding.hex(a.packet()), Finding.hex(b.ctx()) + Finding.hex(b.packet()));
    }

    @Test
    void generatedSourceAssembles() {
        for (long seed = 0; seed < 200; seed++) {
            String source = ProgramGenerator.generate(seed);
            assertTrue(Assembler.assemble("g.bpf", source).ok(), source);
        }
    }

    /** The escape check itself: a program run as if accepted that reads past the packet is flagged on both back ends. */
    @Test
    void aFaultOfAnAcceptedProgramIsAVerifierEscape() throws Exception {
        String source = "SEC(\"tc\")\nfuzz:\n\tr2 = *(u32 *)(r1 + 76)\n\tr0 = *(u64 *)(r2 + 200)\n\texit\n";
        Program file = Assembler.assemble("escape.bpf", source).program();
        VerifierResult real = Verifier.verify(file, file.program("fuzz").orElseThrow(), Options.defaults());
        assertTrue(!real.accepted(), "the verifier accepts an unchecked packet read");
        VerifierResult pretend = new VerifierResult(true, "", null, -1, 0, real.stats());
        FuzzCase c = new FuzzCase(1, source, new byte[84], new byte[10]);
        for (Backend backend : new Backend[] {Backend.INTERPRETER, Backend.JIT}) {
            BackendRun run = BackendRun.of(file, pretend, c, backend);
            assertTrue(run.fault() != null && run.fault().verifierEscape(), run.observable());
        }
    }
}
