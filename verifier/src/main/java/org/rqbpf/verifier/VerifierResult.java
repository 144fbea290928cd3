package org.rqbpf.verifier;

/**
 * The verdict on one program.
 *
 * @param accepted true when the program is safe
 * @param log the verifier log at the requested level (empty at level 0)
 * @param error the error message when rejected (may span lines), else null
 * @param errorInsn the instruction the error was found at, or -1 (load-time errors, accepted programs)
 * @param errno the errno the load would fail with (0 when accepted)
 * @param stats costs of the verification
 */
public record VerifierResult(boolean accepted, String log, String error, int errorInsn, int errno, VerifierStats stats) {}
