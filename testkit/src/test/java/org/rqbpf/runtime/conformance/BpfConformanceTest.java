package org.rqbpf.runtime.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rqbpf.grammar.ubpf.ConformanceSuite;
import org.junit.jupiter.api.BeforeAll;
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

    @BeforeAll
    static void needsTheSuite() {
        assumeTrue(ConformanceSuite.present(), ConformanceSuite.absence());
    }

    private final ConformanceRunner runner = new ConformanceRunner();

    @Test
    void theSuiteHasAllItsFiles() throws IOException {
        try (Stream<Path> s = Files.list(SUITE)) {
            assertEquals(313, s.filter(p -> p.toString().endsWith(".data")).count());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFilePasses() throws IOException {
        List<ConformanceTest> tests = ConformanceReader.readAll(SUITE);
        return tests.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            ConformanceRunner.Verdict v = runner.check(t);
            assertTrue(v.passed(), v.detail());
        }));
    }
}
