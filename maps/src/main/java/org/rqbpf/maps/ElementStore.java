package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;

/**
 * Storage of hash-map elements, addressed by element id: each element's key, hash, chain link and
 * sequence number in Java arrays, and its value (every CPU's slot for per-CPU maps) in a kernel
 * {@link Region}, so the pointer a lookup returns reads and writes the value in place. Elements live in
 * fixed-size chunks (one region each), created up front for preallocated maps and on demand otherwise.
 *
 * <p><b>Sequence numbers.</b> An element is re-keyed when it is reused (free list, per-CPU spare, or a
 * recycled on-demand slot) while a lock-free reader may still be looking at it. Whoever (re)initialises
 * an element makes its sequence odd, writes hash, key and value, then makes it even again (a seqlock);
 * a reader takes the sequence before comparing the key and re-reads it afterwards, so it never trusts a
 * key it read half-written or that changed under it (see {@link HtabBuckets}).
 */
final class ElementStore {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(Chunk[].class);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_CHUNK_BYTES = 1 << 20;

    /** One chunk of elements. */
    static final class Chunk {
        final Region region;
        final byte[] values;
        final byte[] keys;
        final int[] next;
        final int[] hash;
        final int[] seq;

        Chunk(Region region, int elems, int keySize) {
            this.region = region;
            this.values = region.bytes();
            this.keys = new byte[elems * keySize];
            this.next = new int[elems];
            this.hash = new int[elems];
            this.seq = new int[elems];
        }
    }

    private final Memory memory;
    private final String mapName;
    final int keySize;
    /** Bytes of one element's value area: the value stride, times the CPU count for per-CPU maps. */
    final int valueBytes;
    private final int chunkBits;
    private final int chunkMask;
    private final Chunk[] chunks;
    private final int capacity;

    ElementStore(Memory memory, String mapName, int keySize, int valueBytes, int capacity, boolean eager) {
        this.memory = memory;
        this.mapName = mapName;
        this.keySize = keySize;
        this.valueBytes = valueBytes;
        this.capacity = capacity;
        int perChunk = Math.max(1, MAX_CHUNK_BYTES / Math.max(valueBytes, keySize));
        int bits = 31 - Integer.numberOfLeadingZeros(perChunk);
        int needBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, capacity - 1));
        this.chunkBits = Math.min(bits, needBits);
        this.chunkMask = (1 << chunkBits) - 1;
        this.chunks = new Chunk[(int) (((long) capacity + chunkMask) >>> chunkBits)];
        if (eager) {
            for (int c = 0; c < chunks.length; c++) {
                createChunk(c);
            }
        }
    }

    int capacity() {
        return capacity;
    }

    /** Makes sure element {@code e}'s chunk exists (on-demand maps, before first use of {@code e}). */
    synchronized void ensure(int e) {
        int c = e >>> chunkBits;
        if (chunks[c] == null) {
            createChunk(c);
        }
    }

    private void createChunk(int c) {
        int elems = Math.min(chunkMask + 1, capacity - (c << chunkBits));
        Region r = memory.allocate("map " + mapName + " elements " + (c << chunkBits), RegionKind.MAP_VALUE,
                elems * valueBytes);
        // Release: a reader that reaches an id of this chunk (through a release-published chain link)
        // sees the chunk fully built.
        CHUNKS.setRelease(chunks, c, new Chunk(r, elems, keySize));
    }

    Chunk chunk(int e) {
        return chunks[e >>> chunkBits];
    }

    int index(int e) {
        return e & chunkMask;
    }

    // ---------------------------------------------------------------- chain links (acquire/release)

    int next(int e) {
        return (int) INTS.getAcquire(chunk(e).next, e & chunkMask);
    }

    void setNext(int e, int n) {
        INTS.setRelease(chunk(e).next, e & chunkMask, n);
    }

    // ---------------------------------------------------------------- seqlock

    /** Reader: the sequence before reading the element (odd = being written). */
    int readBegin(int e) {
        return (int) INTS.getAcquire(chunk(e).seq, e & chunkMask);
    }

    /** Reader: true if nothing was rewritten since {@link #readBegin} returned {@code s}. */
    boolean readValid(int e, int s) {
        // Orders the reader's loads of key/hash/next before the re-read (pairs with writeBegin's fence).
        VarHandle.loadLoadFence();
        return (int) INTS.getOpaque(chunk(e).seq, e & chunkMask) == s;
    }

    /** Writer: makes element {@code i} of chunk {@code c} odd before rewriting it. */
    static void writeBegin(Chunk c, int i) {
        INTS.setOpaque(c.seq, i, c.seq[i] + 1);
        // The odd sequence becomes visible before any of the rewrites that follow.
        VarHandle.storeStoreFence();
    }

    /** Writer: makes the sequence even again after the rewrites. */
    static void writeEnd(Chunk c, int i) {
        // Release: the rewrites are visible to a reader that acquires the even sequence.
        INTS.setRelease(c.seq, i, c.seq[i] + 1);
    }

    // ---------------------------------------------------------------- key, hash, value

    int hash(int e) {
        return chunk(e).hash[e & chunkMask];
    }

    boolean keyEquals(int e, byte[] key, int off) {
        return keyEquals(chunk(e), e & chunkMask, key, off);
    }

    /** Key comparison; 4- and 8-byte keys (the common ones) compare as one int or long. */
    boolean keyEquals(Chunk c, int i, byte[] key, int off) {
        int from = i * keySize;
        switch (keySize) {
            case 4:
                return (int) INT_LE.get(c.keys, from) == (int) INT_LE.get(key, off);
            case 8:
                return (long) LONG_LE.get(c.keys, from) == (long) LONG_LE.get(key, off);
            default:
                return Arrays.equals(c.keys, from, from + keySize, key, off, off + keySize);
        }
    }

    /** Reader's sequence read on an already resolved chunk (see {@link #readBegin}). */
    static int readBegin(Chunk c, int i) {
        return (int) INTS.getAcquire(c.seq, i);
    }

    /** Reader's re-check on an already resolved chunk (see {@link #readValid}). */
    static boolean readValid(Chunk c, int i, int s) {
        VarHandle.loadLoadFence();
        return (int) INTS.getOpaque(c.seq, i) == s;
    }

    static int next(Chunk c, int i) {
        return (int) INTS.getAcquire(c.next, i);
    }

    /** Writes hash and key; call between {@link #writeBegin} and {@link #writeEnd}. */
    void setKey(Chunk c, int i, int h, byte[] key, int off) {
        c.hash[i] = h;
        ValueLayout.copy(key, off, c.keys, i * keySize, keySize);
    }

    void copyKey(int e, byte[] dst) {
        System.arraycopy(chunk(e).keys, (e & chunkMask) * keySize, dst, 0, keySize);
    }

    byte[] values(int e) {
        return chunk(e).values;
    }

    /** Offset of the element's value area in {@link #values}. */
    int valueOffset(int e) {
        return (e & chunkMask) * valueBytes;
    }

    /** {@link #valueOffset} of element {@code i} of its chunk. */
    int valueOffsetIn(int i) {
        return i * valueBytes;
    }

    Region region(int e) {
        return chunk(e).region;
    }

    long valuePointer(int e) {
        return chunk(e).region.pointer((e & chunkMask) * valueBytes);
    }
}
