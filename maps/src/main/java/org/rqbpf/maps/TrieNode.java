package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One node of a {@link StrideTrie}: the prefixes it stores and its children, as one bitmap and two dense
 * arrays, so a lookup touches the node, its bitmap and one array per step.
 *
 * <p>Bits {@code 1..511} of {@link #bits} are the prefix indexes ({@code (1 << r) | top r bits} of the
 * node's key byte, relative length {@code r} in {@code 0..8}); bits {@code 512 + b} mark a child for key
 * byte {@code b}. {@link #slots} and {@link #kids} hold the entries in bit order, found by popcount rank.
 *
 * <p><b>Concurrency.</b> The set of bits never changes: adding or removing an entry makes a new node
 * (copy on write) that the writer then publishes with a release store in place of the old one. Replacing
 * the value of an existing entry writes the one array element in place with a release store, which a
 * reader sees as either the old or the new entry. New nodes share the array they do not change with
 * their predecessor: both versions then see the in-place stores, which only ever describe the current
 * state.
 */
final class TrieNode {
    static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    static final VarHandle KIDS = MethodHandles.arrayElementVarHandle(Object[].class);
    static final int KID_BASE = 512;
    static final TrieNode EMPTY = new TrieNode(new long[12], new int[0], new Object[0]);

    /** A child that is a single stored prefix (path compression): no chain of one-entry nodes. */
    static final class Leaf {
        final int slot;

        Leaf(int slot) {
            this.slot = slot;
        }
    }

    final long[] bits;
    final int[] slots;
    final Object[] kids;

    private TrieNode(long[] bits, int[] slots, Object[] kids) {
        this.bits = bits;
        this.slots = slots;
        this.kids = kids;
    }

    boolean has(int bit) {
        return (bits[bit >>> 6] >>> bit & 1) != 0;
    }

    /** Number of set bits below {@code bit} within its half (prefixes: words 0..7, kids: words 8..11). */
    int rank(int bit) {
        int w = bit >>> 6;
        int r = Long.bitCount(bits[w] & ((1L << bit) - 1));
        for (int j = bit < KID_BASE ? 0 : KID_BASE >>> 6; j < w; j++) {
            r += Long.bitCount(bits[j]);
        }
        return r;
    }

    int slotAt(int index) {
        return (int) INTS.getAcquire(slots, rank(index));
    }

    Object kid(int b) {
        int bit = KID_BASE + b;
        return has(bit) ? KIDS.getAcquire(kids, rank(bit)) : null;
    }

    boolean isEmpty() {
        return slots.length == 0 && kids.length == 0;
    }

    // ---------------------------------------------------------------- writer: in place

    void replaceSlot(int index, int slot) {
        INTS.setRelease(slots, rank(index), slot);
    }

    void replaceKid(int b, Object kid) {
        KIDS.setRelease(kids, rank(KID_BASE + b), kid);
    }

    // ---------------------------------------------------------------- writer: copy on write

    TrieNode withSlot(int index, int slot) {
        int r = rank(index);
        int[] s = new int[slots.length + 1];
        System.arraycopy(slots, 0, s, 0, r);
        s[r] = slot;
        System.arraycopy(slots, r, s, r + 1, slots.length - r);
        return new TrieNode(flip(index), s, kids);
    }

    TrieNode withoutSlot(int index) {
        int r = rank(index);
        int[] s = new int[slots.length - 1];
        System.arraycopy(slots, 0, s, 0, r);
        System.arraycopy(slots, r + 1, s, r, s.length - r);
        return new TrieNode(flip(index), s, kids);
    }

    TrieNode withKid(int b, Object kid) {
        int r = rank(KID_BASE + b);
        Object[] k = new Object[kids.length + 1];
        System.arraycopy(kids, 0, k, 0, r);
        k[r] = kid;
        System.arraycopy(kids, r, k, r + 1, kids.length - r);
        return new TrieNode(flip(KID_BASE + b), slots, k);
    }

    TrieNode withoutKid(int b) {
        int r = rank(KID_BASE + b);
        Object[] k = new Object[kids.length - 1];
        System.arraycopy(kids, 0, k, 0, r);
        System.arraycopy(kids, r + 1, k, r, k.length - r);
        return new TrieNode(flip(KID_BASE + b), slots, k);
    }

    private long[] flip(int bit) {
        long[] b = bits.clone();
        b[bit >>> 6] ^= 1L << bit;
        return b;
    }

    // ---------------------------------------------------------------- order queries

    /** Whether any bit in {@code [from, to)} is set. */
    boolean any(int from, int to) {
        for (int w = from >>> 6; w <= (to - 1) >>> 6; w++) {
            long m = -1L;
            if (w == from >>> 6) {
                m &= -1L << from;
            }
            if (w == (to - 1) >>> 6) {
                m &= -1L >>> (63 - ((to - 1) & 63));
            }
            if ((bits[w] & m) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the subtree of prefix index {@code i} (level {@code r}) holds a prefix or a child. */
    boolean subtreeNonEmpty(int i, int r) {
        for (int level = r; level <= 8; level++) {
            int s = level - r;
            if (any(i << s, (i + 1) << s)) {
                return true;
            }
        }
        int s = 8 - r;
        return any(KID_BASE + ((i << s) - 256), KID_BASE + (((i + 1) << s) - 256));
    }
}
