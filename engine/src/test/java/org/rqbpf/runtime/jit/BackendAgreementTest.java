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
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;

/**
 * The interpreter and the JIT agree exactly (r0, trace log, error stream, fault, map contents) on one
 * single-CPU test-run of every accepted program of {@code test-programs/} (the verifier conformance
 * suite included) and of the examples; the JIT compiled each of them, and where a program
 * promises a {@code __retval} the JIT returns it.
 */
class BackendAgreementTest {
    private static final Path TEST_PROGRAMS = Path.of("..", "test-programs");
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TestFactory
    Stream<DynamicContainer> testPrograms() throws IOException {
        assertTrue(Files.isDirectory(TEST_PROGRAMS), "missing " + TEST_PROGRAMS.toAbsolutePath());
        return corpus(TEST_PROGRAMS);
    }

    @TestFactory
    Stream<DynamicContainer> examples() throws IOException {
        return corpus(EXAMPLES);
    }

    private static Stream<DynamicContainer> corpus(Path root) throws IOException {
        List<DynamicContainer> files = new ArrayList<>();
        for (Path file : bpfFiles(root)) {
            Program program;
            try {
                program = Assembler.parse(file);
            } catch (Exception e) {
                continue; // source errors are the grammar's tests
            }
            if (!program.loads()) {
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (BpfProgram p : program.programs()) {
                if (p.annotations().expected() == Annotations.Verdict.FAILURE) {
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

    /** The {@code .bpf} files under {@code root}, sorted; the folder is part of the repository. */
    private static List<Path> bpfFiles(Path root) throws IOException {
        assertTrue(Files.isDirectory(root), "missing " + root.toAbsolutePath());
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.toString().endsWith(".bpf")).sorted().toList();
        }
    }
}
