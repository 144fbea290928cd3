package org.rqbpf.runtime.testrun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;

/** Test fixtures: the verifier conformance suite (test-programs/conformance) and this module's test resources. */
final class Programs {
    static final Path VERIFIER_SUITE = Path.of("..", "test-programs", "conformance");

    private Programs() {}

    static Program suite(String file) throws IOException, ProgramSourceException {
        return Assembler.parse(VERIFIER_SUITE.resolve(file));
    }

    static Program resource(String file) throws IOException, ProgramSourceException {
        try (InputStream in = Programs.class.getResourceAsStream("/runtime/" + file)) {
            return Assembler.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
