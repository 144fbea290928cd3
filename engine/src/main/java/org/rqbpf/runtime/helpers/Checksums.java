package org.rqbpf.runtime.helpers;

/**
 * The kernel's Internet checksum arithmetic as x86-64 computes it ({@code csum_partial},
 * {@code csum_fold}, {@code csum_add}, {@code csum_replace2/4}, {@code csum_replace_by_diff}). Values
 * are the host (little-endian) view of the bytes, as the kernel's are; the ones' complement sums come out
 * the same in either byte order.
 */
final class Checksums {
    private Checksums() {}

    /** {@code csum_partial}: the 32-bit ones' complement sum of {@code bytes} (little-endian words) and {@code seed}. */
    static int partial(byte[] bytes, int seed) {
        long sum = seed & 0xffff_ffffL;
        int i = 0;
        for (; i + 4 <= bytes.length; i += 4) {
            sum += (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16 | (bytes[i + 3] & 0xffL) << 24;
        }
        long tail = 0;
        for (int shift = 0; i < bytes.length; i++, shift += 8) {
            tail |= (bytes[i] & 0xffL) << shift;
        }
        sum += tail;
        while ((sum >>> 32) != 0) {
            sum = (sum & 0xffff_ffffL) + (sum >>> 32);
        }
        return (int) sum;
    }

    /** {@code csum_from32to16}: a 32-bit sum folded to 16 bits (not complemented). */
    static int from32to16(int x) {
        x += Integer.rotateRight(x, 16);
        return x >>> 16;
    }

    /** {@code csum_add}: 32-bit ones' complement addition. */
    static int add(int a, int b) {
        long s = (a & 0xffff_ffffL) + (b & 0xffff_ffffL);
        return (int) (s + (s >>> 32));
    }

    /** {@code csum_fold}: the 16-bit checksum field of a 32-bit sum. */
    static int fold(int csum) {
        int sum = (csum & 0xffff) + (csum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** {@code csum_replace4}: the field {@code check} after the 32-bit word {@code from} became {@code to}. */
    static int replace4(int check, int from, int to) {
        return fold(add(add(~check, ~from), to));
    }

    /** {@code csum_replace_by_diff}: the field after adding {@code diff} (a {@code bpf_csum_diff} result). */
    static int replaceByDiff(int check, int diff) {
        return fold(add(diff, ~check));
    }

    /** {@code csum_replace2}: the field after the 16-bit word {@code from} became {@code to}. */
    static int replace2(int check, int from, int to) {
        return ~add16(add16(~check & 0xffff, ~from & 0xffff), to & 0xffff) & 0xffff;
    }

    private static int add16(int a, int b) {
        int s = a + b;
        return (s & 0xffff) + (s >>> 16);
    }
}
