package org.rqbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MessageMatcher;
import org.rqbpf.program.Program;

/**
 * The verifier's own regression corpus, {@code test-programs/verifier/}, run from this module: each
 * program's verdict and every {@code __msg} / {@code __not_msg} against the log, for the privileged load
 * and, where annotated, the unprivileged one. ({@code __retval} needs the engine; the testkit's suite
 * checks it.)
 */
class CorpusVerdictsTest {
    private static final Path CORPUS = Path.of("..", "test-programs", "verifier");

    @TestFactory
    Stream<DynamicContainer> everyVerdictAndMessage() throws IOException {
        assertTrue(Files.isDirectory(CORPUS), "missing " + CORPUS.toAbsolutePath());
        List<DynamicContainer> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CORPUS)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".bpf")).sorted().toList()) {
                Assembly a = Assembler.assemble(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
                assertTrue(a.ok(), a.renderErrors());
                Program file = a.program();
                List<DynamicTest> tests = new ArrayList<>();
                for (BpfProgram p : file.programs()) {
                    tests.add(DynamicTest.dynamicTest(p.name(), () -> check(file, p)));
                }
                files.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), tests));
            }
        }
        return files.stream();
    }

    private static void check(Program file, BpfProgram p) {
        Annotations a = p.annotations();
        int level = Math.max(1, Math.min(2, a.logLevel() != null ? a.logLevel() : 1));
        Options options = Options.level(level);
        expect(file, p, options, a.expected(), a.messages());
        if (a.unpriv() != null) {
            expect(file, p, options.unprivileged(), a.unpriv().expected(), a.unpriv().messages());
        }
    }

    private static void expect(Program file, BpfProgram p, Options options, Annotations.Verdict verdict,
            List<Annotations.Message> messages) {
        VerifierResult r = Verifier.verify(file, p, options);
        String mode = options.privileged() ? "privileged" : "unprivileged";
        assertEquals(verdict != Annotations.Verdict.FAILURE, r.accepted(), mode + ": " + r.error());
        String mismatch = MessageMatcher.check(messages, r.log());
        assertNull(mismatch, () -> mode + ": " + mismatch + " in\n" + r.log());
    }
}
