package org.rqbpf.maps;

import org.rqbpf.maps.TrieNode.Leaf;

/**
 * The kernel LPM trie's {@code get_next_key} order over a {@link StrideTrie}: a post-order walk of the
 * plain binary trie in which the child for bit 0 comes before the child for bit 1 and both before their
 * parent. So a prefix is preceded by every longer prefix extending it, and among two diverging prefixes
 * the one with a 0 at the first differing bit comes first. This order depends only on the set of
 * prefixes, not on the shape of the structure storing them.
 *
 * <p>Inside a {@link TrieNode} the prefix indexes form that binary trie for one key byte, and a child
 * for byte {@code b} hangs below index {@code 256 | b}. The successor of a stored prefix is found the
 * textbook way: after its own subtree come, going up, each right sibling's subtree (its first entry is
 * the leftmost-deepest one) and then each ancestor; the node bitmaps tell in a few word tests whether a
 * subtree is empty. Both walks are lock-free reads of node snapshots.
 */
final class TrieOrder {
    private TrieOrder() {}

    /** Slot of the first prefix in order, or -1 if the trie is empty. */
    static int first(TrieNode root) {
        return root.isEmpty() ? -1 : firstIn(root, 1, 0);
    }

    /**
     * Slot of the prefix following the stored prefix {@code (key[off..], len)}, or -1 if it is the last
     * (or vanished under a concurrent delete, where the walk gives up early rather than guess).
     */
    static int next(TrieNode root, byte[] key, int off, int len) {
        return nextIn(root, 0, key, off, len);
    }

    /** First entry of the non-empty subtree of index {@code i} (level {@code r}) of node {@code n}. */
    private static int firstIn(TrieNode n, int i, int r) {
        while (true) {
            if (r < 8) {
                if (n.subtreeNonEmpty(2 * i, r + 1)) {
                    i = 2 * i;
                } else if (n.subtreeNonEmpty(2 * i + 1, r + 1)) {
                    i = 2 * i + 1;
                } else {
                    return n.has(i) ? n.slotAt(i) : -1;
                }
                r++;
                continue;
            }
            Object kid = n.kid(i - 256);
            if (kid instanceof TrieNode child) {
                n = child;
                i = 1;
                r = 0;
            } else if (kid instanceof Leaf l) {
                return l.slot;
            } else {
                return n.has(i) ? n.slotAt(i) : -1;
            }
        }
    }

    /** The entry after the prefix in node {@code n} (depth {@code d}) or below it, or -1. */
    private static int nextIn(TrieNode n, int d, byte[] key, int off, int len) {
        int r = len - (d << 3);
        int i;
        if (r <= 8) {
            i = StrideTrie.index(key, off, len, d);
        } else {
            int b = key[off + d] & 0xFF;
            if (n.kid(b) instanceof TrieNode child) {
                int s = nextIn(child, d + 1, key, off, len);
                if (s >= 0) {
                    return s;
                }
            }
            i = 256 | b;
            r = 8;
            if (n.has(i)) {
                return n.slotAt(i);
            }
        }
        for (; r > 0; r--, i >>>= 1) {
            if ((i & 1) == 0 && n.subtreeNonEmpty(i + 1, r)) {
                return firstIn(n, i + 1, r);
            }
            if (n.has(i >>> 1)) {
                return n.slotAt(i >>> 1);
            }
        }
        return -1;
    }
}
