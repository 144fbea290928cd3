package org.rqbpf.runtime.load;

import java.util.Objects;

/**
 * How to load: whether to verify (only the conformance runner and tests of the runtime itself skip it),
 * with which verifier, and on which back end.
 */
public record LoadOptions(boolean verify, ProgramVerifier verifier, Backend backend) {
    public LoadOptions {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(backend, "backend");
    }

    /** Verify with the rqbpf verifier, run on the interpreter. */
    public static LoadOptions defaults() {
        return new LoadOptions(true, ProgramVerifier.DEFAULT, Backend.INTERPRETER);
    }

    public LoadOptions withBackend(Backend b) {
        return new LoadOptions(verify, verifier, b);
    }

    /** Skips the verifier: the programs' faults are then not verifier escapes. */
    public LoadOptions withoutVerifier() {
        return new LoadOptions(false, verifier, backend);
    }
}
