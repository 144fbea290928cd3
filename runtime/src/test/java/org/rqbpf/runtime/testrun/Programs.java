package org.rqbpf.runtime.testrun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.Loader;

/** Test fixtures: the shared verifier suite and this module's test resources. */
final class Programs {
    static final Path VERIFIER_SUITE = Path.of("/work/shared/conformance/verifier");

    private Programs() {}

    static Program suite(String file) throws IOException, LoadException {
        return Loader.parse(VERIFIER_SUITE.resolve(file));
    }

    static Program resource(String file) throws IOException, LoadException {
        try (InputStream in = Programs.class.getResourceAsStream("/runtime/" + file)) {
            return Loader.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
