package org.rqbpf.maps;

import java.util.Comparator;

/**
 * A stored LPM prefix: its data bytes as given by the update (bits past {@code len} kept, as the kernel
 * keeps them and returns them from {@code get_next_key}) and its length in bits. Two prefixes are the
 * same entry when their first {@code len} bits agree.
 *
 * <p>{@link #POST_ORDER} is the kernel trie's {@code get_next_key} order, a post-order walk in which the
 * child for bit 0 comes before the child for bit 1 and both before their parent: compare the bits up to
 * the shorter length; at the first difference the prefix with a 0 comes first; if one is a prefix of the
 * other, the longer (more specific) one comes first. This order depends only on the set of prefixes, not
 * on the shape of whatever structure stores them.
 */
record LpmPrefix(byte[] data, int len) {
    static final Comparator<LpmPrefix> POST_ORDER = LpmPrefix::compare;

    static int compare(LpmPrefix a, LpmPrefix b) {
        int common = Math.min(a.len, b.len);
        int full = common >>> 3;
        for (int i = 0; i < full; i++) {
            int x = a.data[i] & 0xFF;
            int y = b.data[i] & 0xFF;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        int rest = common & 7;
        if (rest != 0) {
            int mask = 0xFF00 >>> rest & 0xFF;
            int x = a.data[full] & mask;
            int y = b.data[full] & mask;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(b.len, a.len);
    }

    /** Whether the first {@code len} bits of {@code key[off..]} equal this prefix's. */
    boolean matches(byte[] key, int off) {
        int full = len >>> 3;
        for (int i = 0; i < full; i++) {
            if (data[i] != key[off + i]) {
                return false;
            }
        }
        int rest = len & 7;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF00 >>> rest & 0xFF;
        return ((data[full] ^ key[off + full]) & mask) == 0;
    }
}
