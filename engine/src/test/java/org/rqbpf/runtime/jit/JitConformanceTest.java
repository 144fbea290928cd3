package org.rqbpf.runtime.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rqbpf.grammar.ubpf.ConformanceSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.grammar.ubpf.ConformanceReader;
import org.rqbpf.program.ConformanceTest;
import org.rqbpf.runtime.conformance.ConformanceLinker;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.conformance.ConformanceRunner;
import org.rqbpf.runtime.load.Backend;

/** Every bpf_conformance file passes on the JIT, compiled (not on the interpreter fallback). */
class JitConformanceTest {
    static final Path SUITE = ConformanceSuite.configured();

    /** Skips the calling test, saying why in the build output, when the suite is absent. */
    private static void needsTheSuite() {
        if (!ConformanceSuite.present()) {
            System.out.println("SKIPPED: " + ConformanceSuite.absence());
        }
        assumeTrue(ConformanceSuite.present(), ConformanceSuite.absence());
    }

    private final ConformanceRunner jit = new ConformanceRunner(Backend.JIT);

    @Test
    void theSuiteHasAllItsFiles() throws IOException {
        needsTheSuite();
        assertEquals(313, ConformanceReader.readAll(SUITE).size());
    }

    @TestFactory
    Stream<DynamicTest> everyFilePassesCompiled() throws IOException {
        needsTheSuite();
        List<ConformanceTest> tests = ConformanceReader.readAll(SUITE);
        return tests.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            assertTrue(JitCompiler.isCompiled(Backend.JIT.build(ProgramImage.single(t.name(), t.program(), false),
                    new ConformanceLinker())), "the JIT fell back to the interpreter");
            ConformanceRunner.Verdict v = jit.check(t);
            assertTrue(v.passed(), v.detail());
        }));
    }
}
