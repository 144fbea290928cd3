package org.rqbpf.runtime.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.Loader;
import org.rqbpf.runtime.testing.TestFiles;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;

/**
 * The interpreter and the JIT agree exactly (r0, trace log, error stream, fault, map contents) on one
 * single-CPU test-run of every accepted program of {@code test-programs/}, of the examples, and of the
 * shared verifier suite's {@code __retval} programs; the JIT compiled each of them, and where a program
 * promises a {@code __retval} the JIT returns it.
 */
class BackendAgreementTest {
    private static final Path TEST_PROGRAMS = Path.of("..", "test-programs");
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path VERIFIER_SUITE = Path.of("/work/shared/conformance/verifier");

    @TestFactory
    Stream<DynamicContainer> testPrograms() throws IOException {
        assertTrue(Files.isDirectory(TEST_PROGRAMS), "missing " + TEST_PROGRAMS.toAbsolutePath());
        return corpus(TEST_PROGRAMS, false);
    }

    @TestFactory
    Stream<DynamicContainer> examples() throws IOException {
        return Files.isDirectory(EXAMPLES) ? corpus(EXAMPLES, false) : Stream.empty();
    }

    @TestFactory
    Stream<DynamicContainer> verifierSuiteRetvalPrograms() throws IOException {
        return Files.isDirectory(VERIFIER_SUITE) ? corpus(VERIFIER_SUITE, true) : Stream.empty();
    }

    private static Stream<DynamicContainer> corpus(Path root, boolean retvalOnly) throws IOException {
        List<DynamicContainer> files = new ArrayList<>();
        for (Path file : TestFiles.collect(List.of(root))) {
            Program program;
            try {
                program = Loader.parse(file);
            } catch (Exception e) {
                continue; // source errors are the grammar's tests
            }
            if (!program.loads()) {
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (BpfProgram p : program.programs()) {
                if ((retvalOnly && p.annotations().retval() == null)
                        || p.annotations().expected() == Annotations.Verdict.FAILURE) {
                    continue; // programs meant to be rejected never run (and some take seconds to reject)
                }
                tests.add(DynamicTest.dynamicTest(p.name(), () -> agree(program, p)));
            }
            if (!tests.isEmpty()) {
                files.add(DynamicContainer.dynamicContainer(root.relativize(file).toString(), tests));
            }
        }
        return files.stream();
    }

    private static void agree(Program file, BpfProgram p) throws Exception {
        if (!Verifier.verify(file, p, Options.defaults()).accepted()) {
            return; // rejected programs never run
        }
        SingleRun interpreted = SingleRun.of(file, p.name(), Backend.INTERPRETER);
        SingleRun compiled = SingleRun.of(file, p.name(), Backend.JIT);
        assertTrue(compiled.compiled(), "the JIT fell back to the interpreter");
        assertEquals(interpreted.observable(), compiled.observable());
        Long retval = p.annotations().retval();
        if (retval != null) {
            assertEquals((int) (long) retval, (int) compiled.r0(), "__retval");
        }
    }
}
