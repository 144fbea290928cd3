package org.rqbpf.maps;

/**
 * The prefix each value slot of an {@link LpmTrieMap} holds: its data bytes as the update gave them (bits
 * past the length kept, as the kernel keeps them and returns them from {@code get_next_key}) and its
 * length in bits, in flat arrays indexed by slot, so the trie refers to a stored prefix by slot number
 * alone and an update allocates nothing.
 *
 * <p>Only the trie's single writer (trie lock held) writes a slot, and only while the slot is free, before
 * the trie publishes it with a release store; lock-free readers reach a slot through that store. A freed
 * slot is rewritten only after the map's FIFO slot ring has gone round once (see {@link LpmTrieMap}).
 */
final class PrefixStore {
    final int dataSize;
    private final byte[] data;
    private final int[] len;

    PrefixStore(int slots, int dataSize) {
        this.dataSize = dataSize;
        this.data = new byte[Math.multiplyExact(slots, dataSize)];
        this.len = new int[slots];
    }

    void write(int slot, byte[] key, int off, int plen) {
        System.arraycopy(key, off, data, slot * dataSize, dataSize);
        len[slot] = plen;
    }

    int len(int slot) {
        return len[slot];
    }

    /** Byte {@code d} of the slot's data, unsigned. */
    int byteAt(int slot, int d) {
        return data[slot * dataSize + d] & 0xFF;
    }

    /** Copies the slot's data bytes to {@code dst[off..]}. */
    void copyData(int slot, byte[] dst, int off) {
        System.arraycopy(data, slot * dataSize, dst, off, dataSize);
    }

    /** Whether the first {@code len(slot)} bits of {@code key[off..]} equal the slot's prefix. */
    boolean matches(int slot, byte[] key, int off) {
        return samePrefix(data, slot * dataSize, key, off, len[slot]);
    }

    /** Whether the slot holds the prefix {@code (key[off..], plen)}: same length, same first bits. */
    boolean holds(int slot, byte[] key, int off, int plen) {
        return len[slot] == plen && samePrefix(data, slot * dataSize, key, off, plen);
    }

    static boolean samePrefix(byte[] a, int ao, byte[] b, int bo, int bits) {
        int full = bits >>> 3;
        for (int i = 0; i < full; i++) {
            if (a[ao + i] != b[bo + i]) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || ((a[ao + full] ^ b[bo + full]) & 0xFF00 >>> rest & 0xFF) == 0;
    }

    /** Bit {@code pos} (0 = most significant bit of the first byte) of {@code key[off..]}. */
    static int bit(byte[] key, int off, int pos) {
        return key[off + (pos >>> 3)] >>> (7 - (pos & 7)) & 1;
    }
}
