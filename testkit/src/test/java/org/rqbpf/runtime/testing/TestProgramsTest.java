package org.rqbpf.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the annotated corpus {@code test-programs/}: one dynamic test per program, grouped by file, each
 * checking its verdict, messages and {@code __retval} as {@code rqbpf test} does.
 */
class TestProgramsTest {
    private static final Path ROOT = Path.of("..", "test-programs");

    @TestFactory
    Stream<DynamicContainer> testPrograms() throws IOException {
        assertTrue(Files.isDirectory(ROOT), "missing " + ROOT.toAbsolutePath());
        ProgramTester tester = new ProgramTester(new RetvalRunner());
        List<DynamicContainer> files = new ArrayList<>();
        for (Path file : TestFiles.collect(List.of(ROOT))) {
            List<TestOutcome> outcomes = tester.testFile(file);
            List<DynamicTest> tests = new ArrayList<>();
            for (TestOutcome o : outcomes) {
                tests.add(DynamicTest.dynamicTest(o.program(), () -> {
                    if (!o.passed()) {
                        fail(o.failLine());
                    }
                }));
            }
            files.add(DynamicContainer.dynamicContainer(ROOT.relativize(file).toString(), tests));
        }
        return files.stream();
    }
}
