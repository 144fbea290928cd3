package org.rqbpf.verifier;

import java.util.Map;

/**
 * The verdict on one program.
 *
 * @param accepted true when the program is safe
 * @param log the verifier log at the requested level (empty at level 0)
 * @param error the error message when rejected (may span lines), else null
 * @param errorInsn the instruction the error was found at, or -1 (load-time errors, accepted programs)
 * @param errno the errno the load would fail with (0 when accepted)
 * @param stats costs of the verification
 * @param callMaps the helper calls whose map argument is the same map on every path, as instruction
 *     index to map index: Linux's {@code map_ptr_state} of those calls that are not poisoned, which lets
 *     its JIT call that map's lookup directly; a back end may bind such a call to its map
 */
public record VerifierResult(boolean accepted, String log, String error, int errorInsn, int errno, VerifierStats stats,
        Map<Integer, Integer> callMaps) {
    public VerifierResult {
        callMaps = Map.copyOf(callMaps);
    }

    /** A verdict that binds no call to a map. */
    public VerifierResult(boolean accepted, String log, String error, int errorInsn, int errno, VerifierStats stats) {
        this(accepted, log, error, errorInsn, errno, stats, Map.of());
    }
}
