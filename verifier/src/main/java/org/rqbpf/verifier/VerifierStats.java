package org.rqbpf.verifier;

import java.util.List;

/**
 * What a verification cost, as the kernel's last log line reports it, plus pruning counters.
 *
 * @param processedInsns instructions processed over all paths
 * @param totalStates checkpoints stored for pruning
 * @param peakStates the most checkpoints alive at once
 * @param maxStatesPerInsn the most checkpoints stored at one instruction
 * @param markRead register and stack-slot liveness marks consulted by pruning
 * @param pruneChecks visits of a prune point that were compared against stored checkpoints
 * @param pruneHits of those, the visits declared safe
 * @param stackDepths stack depth of each function of the image, main first
 * @param verificationNanos wall time of the verification
 */
public record VerifierStats(int processedInsns, int totalStates, int peakStates, int maxStatesPerInsn, long markRead,
        long pruneChecks, long pruneHits, List<Integer> stackDepths, long verificationNanos) {

    /** Pruned visits over all checked visits, 0 when nothing was checked. */
    public double pruneHitRate() {
        return pruneChecks == 0 ? 0 : (double) pruneHits / pruneChecks;
    }
}
