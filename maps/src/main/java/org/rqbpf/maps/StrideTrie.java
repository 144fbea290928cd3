package org.rqbpf.maps;

/**
 * The lookup index of {@link LpmTrieMap}: a multibit trie with 8-bit strides and path compression, mapping
 * prefixes to value slots. Lookups are lock-free; changes are made by one writer at a time (the trie lock)
 * and copy on write, so a reader sees every node's contents either before or after a change.
 *
 * <p>The node at depth {@code d} covers key byte {@code d}. It stores the prefixes of length
 * {@code 8d+1 .. 8d+8} (the root also length 0) in a complete binary tree over the byte's bits:
 * relative length {@code r} and the byte's top {@code r} bits give the index {@code (1 << r) | bits}, in
 * {@code 1..511}, kept as a 512-bit set plus a dense slot array ranked by popcount. The longest match
 * inside a node walks the index's ancestors ({@code i, i>>1, ...}): at most 9 bit tests. Children are a
 * 256-bit set plus a dense array; a child is a {@link Node} or, when a subtree would hold a single longer
 * prefix, a {@link Leaf} holding that prefix directly (path compression: no chain of one-entry nodes for
 * sparse IPv6 tables). A lookup visits at most one node per key byte, usually far fewer.
 */
final class StrideTrie {
    /** Immutable prefix set of a node. */
    private static final class Prefixes {
        static final Prefixes EMPTY = new Prefixes(new long[8], new int[0]);
        final long[] bits;
        final int[] slots;

        Prefixes(long[] bits, int[] slots) {
            this.bits = bits;
            this.slots = slots;
        }

        int rank(int i) {
            int w = i >>> 6;
            int r = Long.bitCount(bits[w] & ((1L << i) - 1));
            for (int j = 0; j < w; j++) {
                r += Long.bitCount(bits[j]);
            }
            return r;
        }

        boolean has(int i) {
            return (bits[i >>> 6] >>> i & 1) != 0;
        }

        /** Slot of the longest prefix among index {@code i} and its ancestors, or -1. */
        int longest(int i) {
            for (; i != 0; i >>>= 1) {
                if ((bits[i >>> 6] >>> i & 1) != 0) {
                    return slots[rank(i)];
                }
            }
            return -1;
        }

        Prefixes with(int i, int slot) {
            int r = rank(i);
            if (has(i)) {
                int[] s = slots.clone();
                s[r] = slot;
                return new Prefixes(bits, s);
            }
            long[] b = bits.clone();
            b[i >>> 6] |= 1L << i;
            int[] s = new int[slots.length + 1];
            System.arraycopy(slots, 0, s, 0, r);
            s[r] = slot;
            System.arraycopy(slots, r, s, r + 1, slots.length - r);
            return new Prefixes(b, s);
        }

        Prefixes without(int i) {
            int r = rank(i);
            long[] b = bits.clone();
            b[i >>> 6] &= ~(1L << i);
            int[] s = new int[slots.length - 1];
            System.arraycopy(slots, 0, s, 0, r);
            System.arraycopy(slots, r + 1, s, r, s.length - r);
            return s.length == 0 ? EMPTY : new Prefixes(b, s);
        }
    }

    /** Immutable child set of a node: {@link Node} or {@link Leaf} per byte value. */
    private static final class Children {
        static final Children EMPTY = new Children(new long[4], new Object[0]);
        final long[] bits;
        final Object[] kids;

        Children(long[] bits, Object[] kids) {
            this.bits = bits;
            this.kids = kids;
        }

        int rank(int b) {
            int w = b >>> 6;
            int r = Long.bitCount(bits[w] & ((1L << b) - 1));
            for (int j = 0; j < w; j++) {
                r += Long.bitCount(bits[j]);
            }
            return r;
        }

        Object get(int b) {
            return (bits[b >>> 6] >>> b & 1) == 0 ? null : kids[rank(b)];
        }

        Children with(int b, Object kid) {
            int r = rank(b);
            if ((bits[b >>> 6] >>> b & 1) != 0) {
                Object[] k = kids.clone();
                k[r] = kid;
                return new Children(bits, k);
            }
            long[] nb = bits.clone();
            nb[b >>> 6] |= 1L << b;
            Object[] k = new Object[kids.length + 1];
            System.arraycopy(kids, 0, k, 0, r);
            k[r] = kid;
            System.arraycopy(kids, r, k, r + 1, kids.length - r);
            return new Children(nb, k);
        }

        Children without(int b) {
            int r = rank(b);
            long[] nb = bits.clone();
            nb[b >>> 6] &= ~(1L << b);
            Object[] k = new Object[kids.length - 1];
            System.arraycopy(kids, 0, k, 0, r);
            System.arraycopy(kids, r + 1, k, r, k.length - r);
            return k.length == 0 ? EMPTY : new Children(nb, k);
        }
    }

    private static final class Node {
        volatile Prefixes prefixes = Prefixes.EMPTY;
        volatile Children children = Children.EMPTY;

        boolean isEmpty() {
            return prefixes.slots.length == 0 && children.kids.length == 0;
        }
    }

    /** A single prefix stored where its subtree would otherwise be a chain of nodes. */
    private record Leaf(LpmPrefix prefix, int slot) {}

    private final Node root = new Node();
    /** The prefix each slot holds (written by the one writer; read only by it). */
    private final LpmPrefix[] bySlot;

    StrideTrie(int slots) {
        this.bySlot = new LpmPrefix[slots];
    }

    /**
     * Slot of the longest stored prefix of length {@code <= plen} matching the data at {@code key[off..]},
     * or -1 ({@code plen} at most the trie's bit width).
     */
    int lookup(byte[] key, int off, int plen) {
        int best = -1;
        Node n = root;
        int d = 0;
        while (true) {
            int left = plen - (d << 3);
            Prefixes p = n.prefixes;
            if (p.slots.length != 0) {
                int r = left < 8 ? left : 8;
                int hit = p.longest(r == 0 ? 1 : (1 << r) | ((key[off + d] & 0xFF) >>> (8 - r)));
                if (hit >= 0) {
                    best = hit;
                }
            }
            if (left <= 8) {
                return best;
            }
            Object kid = n.children.get(key[off + d] & 0xFF);
            if (kid == null) {
                return best;
            }
            if (kid instanceof Node child) {
                n = child;
                d++;
                continue;
            }
            Leaf l = (Leaf) kid;
            return l.prefix.len() <= plen && l.prefix.matches(key, off) ? l.slot : best;
        }
    }

    /** Stores (or re-points) {@code prefix} at {@code slot}. Single writer. */
    void put(LpmPrefix prefix, int slot) {
        bySlot[slot] = prefix;
        insert(root, 0, prefix, slot);
    }

    private static int index(LpmPrefix p, int d) {
        int r = p.len() - (d << 3);
        return r == 0 ? 1 : (1 << r) | ((p.data()[d] & 0xFF) >>> (8 - r));
    }

    private static void insert(Node n, int d, LpmPrefix prefix, int slot) {
        while (true) {
            if (prefix.len() <= (d << 3) + 8) {
                n.prefixes = n.prefixes.with(index(prefix, d), slot);
                return;
            }
            int b = prefix.data()[d] & 0xFF;
            Object kid = n.children.get(b);
            if (kid == null || (kid instanceof Leaf l && LpmPrefix.compare(l.prefix, prefix) == 0)) {
                n.children = n.children.with(b, new Leaf(prefix, slot));
                return;
            }
            if (kid instanceof Leaf l) {
                // Push the leaf one level down into a new node, built before readers can see it.
                Node pushed = new Node();
                insert(pushed, d + 1, l.prefix, l.slot);
                n.children = n.children.with(b, pushed);
                kid = pushed;
            }
            n = (Node) kid;
            d++;
        }
    }

    /** Removes {@code prefix} (which must be stored) and prunes what became empty or single. */
    void remove(LpmPrefix prefix, int slot) {
        bySlot[slot] = null;
        Node[] path = new Node[prefix.data().length + 1];
        Node n = root;
        int d = 0;
        while (true) {
            path[d] = n;
            if (prefix.len() <= (d << 3) + 8) {
                n.prefixes = n.prefixes.without(index(prefix, d));
                break;
            }
            int b = prefix.data()[d] & 0xFF;
            Object kid = n.children.get(b);
            if (kid instanceof Leaf) {
                n.children = n.children.without(b);
                break;
            }
            n = (Node) kid;
            d++;
        }
        // Walk up: an empty node leaves its parent; a node left with one entry becomes a leaf there.
        for (; d > 0; d--) {
            Node child = path[d];
            Node parent = path[d - 1];
            int b = prefix.data()[d - 1] & 0xFF;
            Leaf single = singleEntry(child, d);
            if (child.isEmpty()) {
                parent.children = parent.children.without(b);
            } else if (single != null) {
                parent.children = parent.children.with(b, single);
            } else {
                return;
            }
        }
    }

    /** The node's only entry as a leaf, or null if it has none or more than one. */
    private Leaf singleEntry(Node n, int d) {
        Prefixes p = n.prefixes;
        Children c = n.children;
        if (p.slots.length == 1 && c.kids.length == 0) {
            int slot = p.slots[0];
            return new Leaf(bySlot[slot], slot);
        }
        if (p.slots.length == 0 && c.kids.length == 1 && c.kids[0] instanceof Leaf l) {
            return l;
        }
        return null;
    }
}
