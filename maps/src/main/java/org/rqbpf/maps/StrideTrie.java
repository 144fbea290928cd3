package org.rqbpf.maps;

import java.util.Arrays;
import org.rqbpf.maps.TrieNode.Leaf;

/**
 * The index of {@link LpmTrieMap}: a multibit trie with 8-bit strides and path compression, mapping
 * prefixes to value slots, which also answers exact matches and the kernel's {@code get_next_key} order.
 * Lookups are lock-free; one writer at a time (the trie lock) changes it as {@link TrieNode} describes,
 * so a reader sees each node either before or after a change.
 *
 * <p>The node at depth {@code d} covers key byte {@code d}: it stores the prefixes of length
 * {@code 8d+1 .. 8d+8} (the root also length 0) in a complete binary tree over the byte's bits (the
 * longest match inside a node walks an index's ancestors, at most 9 bit tests) and has a child per byte
 * value under which longer prefixes lie. A child holding a single prefix is a {@link Leaf} (so sparse
 * IPv6 tables need no chains of one-entry nodes). A lookup visits at most one node per key byte.
 *
 * <p>The prefixes themselves (data bytes and length) live in a {@link PrefixStore} by slot.
 * {@link #put} of a prefix that is already stored re-points its entry in place: no node is copied, so
 * replacing a value costs one walk and one store.
 */
final class StrideTrie {
    private final PrefixStore prefixes;
    private volatile TrieNode root = TrieNode.EMPTY;
    /** The writer's path of the last walk (nodes by depth); touched only under the trie lock. */
    private final TrieNode[] path;

    StrideTrie(PrefixStore prefixes) {
        this.prefixes = prefixes;
        this.path = new TrieNode[prefixes.dataSize + 1];
    }

    PrefixStore prefixes() {
        return prefixes;
    }

    TrieNode root() {
        return root;
    }

    /** Prefix index of the first {@code len - 8d} (at most 8) bits of byte {@code d}. */
    static int index(byte[] key, int off, int len, int d) {
        int r = len - (d << 3);
        return r == 0 ? 1 : (1 << r) | ((key[off + d] & 0xFF) >>> (8 - r));
    }

    /**
     * Slot of the longest stored prefix of length {@code <= plen} matching the data at {@code key[off..]},
     * or -1 ({@code plen} at most the trie's bit width).
     */
    int lookup(byte[] key, int off, int plen) {
        int best = -1;
        TrieNode n = root;
        for (int d = 0; ; d++) {
            int left = plen - (d << 3);
            int b = left > 0 ? key[off + d] & 0xFF : 0;
            if (n.slots.length != 0) {
                long[] bits = n.bits;
                int i = left >= 8 ? 256 | b : left <= 0 ? 1 : (1 << left) | (b >>> (8 - left));
                for (; i != 0; i >>>= 1) {
                    if ((bits[i >>> 6] >>> i & 1) != 0) {
                        best = n.slotAt(i);
                        break;
                    }
                }
            }
            if (left <= 8) {
                return best;
            }
            Object kid = n.kid(b);
            if (kid instanceof TrieNode child) {
                n = child;
                continue;
            }
            if (kid == null) {
                return best;
            }
            int s = ((Leaf) kid).slot;
            return prefixes.len(s) <= plen && prefixes.matches(s, key, off) ? s : best;
        }
    }

    /** Slot of exactly the prefix {@code (key[off..], plen)}, or -1. */
    int find(byte[] key, int off, int plen) {
        TrieNode n = root;
        for (int d = 0; ; d++) {
            if (plen <= (d << 3) + 8) {
                int i = index(key, off, plen, d);
                return n.has(i) ? n.slotAt(i) : -1;
            }
            Object kid = n.kid(key[off + d] & 0xFF);
            if (kid instanceof TrieNode child) {
                n = child;
            } else {
                return kid != null && prefixes.holds(((Leaf) kid).slot, key, off, plen) ? ((Leaf) kid).slot : -1;
            }
        }
    }

    /**
     * Stores the prefix {@code (key[off..], plen)} at {@code slot} (whose {@link PrefixStore} entry this
     * writes first). Returns the slot it replaced, or -1 if the prefix is new. Single writer.
     */
    int put(byte[] key, int off, int plen, int slot) {
        prefixes.write(slot, key, off, plen);
        TrieNode parent = null;
        TrieNode n = root;
        for (int d = 0; ; d++) {
            if (plen <= (d << 3) + 8) {
                int i = index(key, off, plen, d);
                if (n.has(i)) {
                    int old = n.slotAt(i);
                    n.replaceSlot(i, slot);
                    return old;
                }
                publish(parent, key, off, d, n.withSlot(i, slot));
                return -1;
            }
            int b = key[off + d] & 0xFF;
            Object kid = n.kid(b);
            if (kid == null) {
                publish(parent, key, off, d, n.withKid(b, new Leaf(slot)));
                return -1;
            }
            if (kid instanceof Leaf l) {
                if (prefixes.holds(l.slot, key, off, plen)) {
                    n.replaceKid(b, new Leaf(slot));
                    return l.slot;
                }
                // Push the leaf one level down into a node of its own (same contents for readers), then
                // insert into that node.
                TrieNode pushed = single(l.slot, d + 1);
                n.replaceKid(b, pushed);
                kid = pushed;
            }
            parent = n;
            n = (TrieNode) kid;
        }
    }

    /** Removes the prefix {@code (key[off..], plen)}; returns its slot, or -1 if it is not stored. */
    int remove(byte[] key, int off, int plen) {
        TrieNode n = root;
        int d = 0;
        int slot;
        TrieNode changed;
        while (true) {
            path[d] = n;
            if (plen <= (d << 3) + 8) {
                int i = index(key, off, plen, d);
                if (!n.has(i)) {
                    return -1;
                }
                slot = n.slotAt(i);
                changed = n.withoutSlot(i);
                break;
            }
            int b = key[off + d] & 0xFF;
            Object kid = n.kid(b);
            if (kid instanceof TrieNode child) {
                n = child;
                d++;
                continue;
            }
            if (kid == null || !prefixes.holds(((Leaf) kid).slot, key, off, plen)) {
                return -1;
            }
            slot = ((Leaf) kid).slot;
            changed = n.withoutKid(b);
            break;
        }
        // Walk up: an empty node leaves its parent, a node left with one prefix becomes a leaf there.
        for (; d > 0; d--) {
            TrieNode parent = path[d - 1];
            int b = key[off + d - 1] & 0xFF;
            int single = singleSlot(changed);
            if (changed.isEmpty()) {
                changed = parent.withoutKid(b);
            } else {
                parent.replaceKid(b, single >= 0 ? new Leaf(single) : changed);
                clearPath();
                return slot;
            }
        }
        root = changed;
        clearPath();
        return slot;
    }

    private void clearPath() {
        Arrays.fill(path, null);
    }

    /** Puts {@code node} (depth {@code d}, on the key's path) where its predecessor was. */
    private void publish(TrieNode parent, byte[] key, int off, int d, TrieNode node) {
        if (parent == null) {
            root = node;
        } else {
            parent.replaceKid(key[off + d - 1] & 0xFF, node);
        }
    }

    /** A node at depth {@code d} holding only the prefix of {@code slot}. */
    private TrieNode single(int slot, int d) {
        int len = prefixes.len(slot);
        if (len <= (d << 3) + 8) {
            int r = len - (d << 3);
            return TrieNode.EMPTY.withSlot((1 << r) | (prefixes.byteAt(slot, d) >>> (8 - r)), slot);
        }
        return TrieNode.EMPTY.withKid(prefixes.byteAt(slot, d), new Leaf(slot));
    }

    /** The slot of a (non-root) node's only prefix, or -1 if it has none or more than one. */
    private static int singleSlot(TrieNode n) {
        if (n.slots.length == 1 && n.kids.length == 0) {
            return n.slots[0];
        }
        if (n.slots.length == 0 && n.kids.length == 1 && n.kids[0] instanceof Leaf l) {
            return l.slot;
        }
        return -1;
    }
}
