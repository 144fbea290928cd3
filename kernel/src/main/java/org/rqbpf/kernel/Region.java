package org.rqbpf.kernel;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One allocation of simulated memory: a byte array with an id, a name and a kind. The pointer of an offset
 * in it is {@link Memory#pointer Memory.pointer(id, offset)}; {@link #base()} is the pointer of offset 0.
 * Fast paths (the interpreter, maps) may work on {@link #bytes()} directly after their own bounds check.
 */
public final class Region {
    private final int id;
    private final String name;
    private final RegionKind kind;
    private final boolean readOnly;
    private final byte[] bytes;
    /** Lock views by offset, so repeated views of one address are the same object. */
    final ConcurrentHashMap<Integer, Object> lockViews = new ConcurrentHashMap<>();
    /**
     * The first lock view made in this region, so that a program taking one lock again and again (the
     * common case) skips the map: an immutable pair published through a volatile field, so a racing reader
     * sees a whole pair; set once, so CPUs taking different locks do not write it back and forth.
     */
    volatile LastLock lastLock;

    record LastLock(int offset, Object view) {}
    volatile boolean freed;

    Region(int id, String name, RegionKind kind, byte[] bytes, boolean readOnly) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.bytes = bytes;
        this.readOnly = readOnly;
    }

    /** Region id (the pointer's high 32 bits); never 0. */
    public int id() {
        return id;
    }

    /** Name for messages, e.g. {@code "map arrmap value 0"} or {@code "stack of prog1"}. */
    public String name() {
        return name;
    }

    /** What the region holds. */
    public RegionKind kind() {
        return kind;
    }

    /** Whether stores and atomics fault. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The backing array (little-endian contents). */
    public byte[] bytes() {
        return bytes;
    }

    /** Size in bytes. */
    public int size() {
        return bytes.length;
    }

    /** Pointer to offset 0. */
    public long base() {
        return Memory.pointer(id, 0);
    }

    /** Pointer to {@code offset}. */
    public long pointer(int offset) {
        return Memory.pointer(id, offset);
    }

    /** Whether {@link Memory#free} was called on it. */
    public boolean isFreed() {
        return freed;
    }

    @Override
    public String toString() {
        return String.format("region %d '%s' (%s, %d bytes%s)", id, name, kind, bytes.length,
                readOnly ? ", read-only" : "");
    }
}
