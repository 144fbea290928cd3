package org.rqbpf.runtime.load;

import org.rqbpf.verifier.VerifierResult;

/**
 * A file or program that cannot be loaded: load (declaration or map creation) errors, or
 * a verifier rejection. The message is complete and printable (rendered diagnostics, or the verifier's
 * error with its log).
 */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why loading stopped. */
    public enum Kind { LOAD_ERROR, REJECTED }

    private final Kind kind;
    private final transient VerifierResult verdict;

    LoadException(Kind kind, String message, VerifierResult verdict) {
        super(message);
        this.kind = kind;
        this.verdict = verdict;
    }

    public Kind kind() {
        return kind;
    }

    /** The verifier's result for {@link Kind#REJECTED}, else null. */
    public VerifierResult verdict() {
        return verdict;
    }
}
