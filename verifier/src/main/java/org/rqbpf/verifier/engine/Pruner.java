package org.rqbpf.verifier.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.VState;

/**
 * Checkpoints per prune point and the visit decision (the kernel's {@code is_state_visited}): prune when a
 * completed checkpoint covers the current state, report an infinite loop when an ancestor (a checkpoint
 * still being explored) equals it exactly, else store a new checkpoint. Ancestors are kept apart, indexed
 * by a hash of what exact equality compares, so long loops cost no quadratic scan. Completed checkpoints
 * that keep missing are evicted as in the kernel.
 */
final class Pruner {
    private static final class Bucket {
        final List<Checkpoint> done = new ArrayList<>(2);
        final Map<Long, List<Checkpoint>> open = new HashMap<>();
        int size;
    }

    /** The result of {@link #visit} when the current state is covered by an explored one. */
    static final Checkpoint PRUNED = new Checkpoint(null, -1, null, 0);

    private final Bucket[] buckets;
    private final StateEquiv equiv = new StateEquiv();
    private int lastAddJumps;
    private int lastAddInsns;

    Pruner(int insns) {
        buckets = new Bucket[insns];
    }

    /** Returns {@link #PRUNED} when the current state is covered, else the checkpoint now heading the path. */
    Checkpoint visit(Env env, int idx, VState cur, Checkpoint parent, int jumps) throws VerifyError {
        Bucket b = buckets[idx];
        if (b == null) {
            b = buckets[idx] = new Bucket();
        }
        env.pruneChecks++;
        int looked = b.size; // max_states_per_insn: the states a visit that does not prune looks at
        long hash = StateEquiv.exactHash(cur);
        List<Checkpoint> same = b.open.get(hash);
        if (same != null) {
            for (Checkpoint cp : same) {
                if (equiv.equal(env, cp.state, cur, idx, true)) {
                    throw new VerifyError("infinite loop detected at insn " + idx);
                }
            }
        }
        for (Iterator<Checkpoint> it = b.done.iterator(); it.hasNext(); ) {
            Checkpoint cp = it.next();
            if (equiv.equal(env, cp.state, cur, idx, false)) {
                cp.hits++;
                env.pruneHits++;
                env.markRead = equiv.liveCompared;
                return PRUNED;
            }
            if (++cp.misses > cp.hits * 3 + 3) {
                it.remove();
                b.size--;
                env.curStates--;
            }
        }
        env.markRead = equiv.liveCompared;
        env.maxStatesPerInsn = Math.max(env.maxStatesPerInsn, looked);
        // As the kernel's is_state_visited, store a checkpoint only after 2 jumps and 8 instructions since the
        // last one, unless the load asks for one at every prune point (BPF_F_TEST_STATE_FREQ).
        if (!env.options.testStateFreq() && (jumps - lastAddJumps < 2 || env.processed - lastAddInsns < 8)) {
            return parent;
        }
        lastAddJumps = jumps;
        lastAddInsns = env.processed;
        Checkpoint cp = new Checkpoint(cur.copy(), idx, parent, hash);
        b.open.computeIfAbsent(hash, h -> new ArrayList<>(1)).add(cp);
        b.size++;
        env.totalStates++;
        env.curStates++;
        env.peakStates = Math.max(env.peakStates, env.curStates);
        return cp;
    }

    /** A path below {@code cp} ended: completes every checkpoint whose last path it was. */
    void pathDone(Checkpoint cp) {
        while (cp != null) {
            if (--cp.branches > 0) {
                return;
            }
            Bucket b = buckets[cp.insn];
            List<Checkpoint> same = b.open.get(cp.hash);
            same.remove(cp);
            if (same.isEmpty()) {
                b.open.remove(cp.hash);
            }
            b.done.add(cp);
            cp = cp.parent;
        }
    }

    /** A new path was saved below {@code cp}. */
    static void branchAdded(Checkpoint cp) {
        if (cp != null) {
            cp.branches++;
        }
    }
}
