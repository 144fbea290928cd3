package org.rqbpf.maps;

import org.rqbpf.kernel.SimCpu;

/**
 * Where hash-map elements come from and go to. Calls that take an element run with the bucket lock held,
 * so a nested context on the same CPU can only run at interrupt points, never inside these methods'
 * plain-field sections.
 */
interface ElementPool {
    /** An element for a new key, or -E2BIG when the map is full (or its free lists are all locked). */
    int allocNew(SimCpu cpu);

    /**
     * An element to replace {@code old} (same key) with; {@code old} is still linked and must be unlinked
     * right after, then passed to {@link #releaseReplaced}. Never fails for want of room.
     */
    int allocReplace(SimCpu cpu, int old);

    /** Called after {@code old} was unlinked by a replacing update (may run after the bucket unlock). */
    void releaseReplaced(SimCpu cpu, int old);

    /** Returns a deleted (unlinked) element. */
    void free(SimCpu cpu, int e);

    /** Elements in the map, as the pool counts them. */
    int count();

    /** Elements ready for reuse (free lists plus spares); for balance checks on a quiescent map. */
    int available();
}
