package org.rqbpf.verifier.engine;

import org.rqbpf.verifier.state.VState;

/**
 * An explored state stored at a prune point. {@code branches} counts the paths still being explored
 * below it (the kernel's {@code branches}): while it is non-zero the state is an ancestor of the
 * current path, so it can only reveal an infinite loop, never prune.
 */
final class Checkpoint {
    final VState state;
    final int insn;
    final Checkpoint parent;
    final long hash;
    int branches = 1;
    int hits;
    int misses;

    Checkpoint(VState state, int insn, Checkpoint parent, long hash) {
        this.state = state;
        this.insn = insn;
        this.parent = parent;
        this.hash = hash;
    }
}
