package org.rqbpf.runtime.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rqbpf.grammar.ubpf.ConformanceSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.grammar.ubpf.ConformanceReader;
import org.rqbpf.program.ConformanceTest;

/** Every file of the bpf_conformance suite passes on the interpreter. */
class BpfConformanceTest {
    static final Path SUITE = ConformanceSuite.configured();

    /** Skips the calling test, saying why in the build output, when the suite is absent. */
    private static void needsTheSuite() {
        if (!ConformanceSuite.present()) {
            System.out.println("SKIPPED: " + ConformanceSuite.absence());
        }
        assumeTrue(ConformanceSuite.present(), ConformanceSuite.absence());
    }

    private final ConformanceRunner runner = new ConformanceRunner();

    @Test
    void theSuiteHasAllItsFiles() throws IOException {
        needsTheSuite();
        try (Stream<Path> s = Files.list(SUITE)) {
            assertEquals(313, s.filter(p -> p.toString().endsWith(".data")).count());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFilePasses() throws IOException {
        needsTheSuite();
        List<ConformanceTest> tests = ConformanceReader.readAll(SUITE);
        return tests.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            ConformanceRunner.Verdict v = runner.check(t);
            assertTrue(v.passed(), v.detail());
        }));
    }
}
