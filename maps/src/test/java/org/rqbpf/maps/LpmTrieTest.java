package org.rqbpf.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.rqbpf.maps.Maps.u32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/**
 * LPM_TRIE rows of runtime.md's map table, and the trie against a brute-force reference on seeded random
 * prefix sets: longest-prefix lookups (full and shorter lookup lengths), deletes, and get_next_key order
 * checked against a post-order walk of an explicit bit-by-bit trie.
 */
class LpmTrieTest {
    private final SimMachine m = Maps.machine(2);

    private BpfMap trie(int dataSize, int max) {
        return MapFactory.create(Maps.def(MapType.LPM_TRIE, 4 + dataSize, 4, max, MapFlags.BPF_F_NO_PREALLOC), m,
                m.memory());
    }

    static byte[] key(int plen, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(plen).put(data);
        return b.array();
    }

    static byte[] ip4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void tableRows() {
        BpfMap t = trie(4, 2);
        assertEquals(-Errno.EINVAL, t.update(key(33, ip4(10, 0, 0, 0)), u32(1), 0), "prefixlen too long");
        assertEquals(-Errno.EINVAL, t.update(key(-1, ip4(10, 0, 0, 0)), u32(1), 0));
        assertEquals(-Errno.EINVAL, t.delete(key(33, ip4(10, 0, 0, 0))));
        assertNull(t.lookup(key(33, ip4(10, 0, 0, 0))));
        assertEquals(-Errno.EINVAL, t.update(key(8, ip4(10, 0, 0, 0)), u32(1), MapFlags.BPF_F_LOCK));
        assertEquals(-Errno.EINVAL, t.update(key(8, ip4(10, 0, 0, 0)), u32(1), 3));
        assertEquals(-Errno.ENOENT, t.update(key(8, ip4(10, 0, 0, 0)), u32(1), MapFlags.BPF_EXIST));
        assertEquals(0, t.update(key(8, ip4(10, 9, 9, 9)), u32(1), MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EEXIST, t.update(key(8, ip4(10, 0, 0, 0)), u32(2), MapFlags.BPF_NOEXIST));
        assertEquals(0, t.update(key(16, ip4(10, 1, 0, 0)), u32(2), 0));
        assertEquals(-Errno.E2BIG, t.update(key(24, ip4(10, 1, 2, 0)), u32(3), 0), "full");
        assertEquals(0, t.update(key(8, ip4(10, 0, 0, 0)), u32(4), MapFlags.BPF_EXIST), "replace in a full trie");
        assertArrayEquals(u32(4), t.lookup(key(32, ip4(10, 7, 7, 7))));
        assertArrayEquals(u32(2), t.lookup(key(32, ip4(10, 1, 7, 7))));
        assertArrayEquals(u32(4), t.lookup(key(15, ip4(10, 1, 7, 7))), "lookup prefixlen bounds the match");
        assertNull(t.lookup(key(32, ip4(11, 0, 0, 0))));
        assertArrayEquals(key(8, ip4(10, 0, 0, 0)), t.nextKey(key(16, ip4(10, 1, 0, 0))),
                "the replacing update's bytes are reported");
        assertEquals(-Errno.ENOENT, t.delete(key(24, ip4(10, 1, 2, 0))));
        assertEquals(0, t.delete(key(16, ip4(10, 1, 0, 0))));
        assertArrayEquals(u32(4), t.lookup(key(32, ip4(10, 1, 7, 7))));
    }

    @Test
    void lookupPointerIsTheValueInPlace() {
        BpfMap t = trie(4, 4);
        assertEquals(0, t.update(key(0, ip4(0, 0, 0, 0)), u32(5), 0));
        long p = m.cpu(0).call(() -> t.lookup(key(32, ip4(1, 2, 3, 4)), 0));
        assertEquals(5, m.memory().load(p, 4));
        m.memory().store(p, 4, 6);
        assertArrayEquals(u32(6), t.lookup(key(32, ip4(9, 9, 9, 9))));
    }

    @ParameterizedTest(name = "data {0} bytes, seed {1}")
    @CsvSource({"4, 1", "4, 2", "4, 3", "16, 4", "16, 5", "3, 6", "1, 7"})
    void matchesBruteForceReference(int dataSize, long seed) {
        Random rnd = new Random(seed);
        int maxLen = dataSize * 8;
        BpfMap t = trie(dataSize, 400);
        Map<String, Integer> ref = new HashMap<>();
        // A few base addresses so that prefixes nest and share paths.
        byte[][] bases = new byte[6][dataSize];
        for (byte[] b : bases) {
            rnd.nextBytes(b);
        }
        for (int step = 0; step < 1500; step++) {
            byte[] data = bases[rnd.nextInt(bases.length)].clone();
            for (int i = rnd.nextInt(dataSize + 1); i < dataSize; i++) {
                if (rnd.nextInt(3) == 0) {
                    data[i] = (byte) rnd.nextInt(256);
                }
            }
            int len = rnd.nextInt(4) == 0 ? maxLen : rnd.nextInt(maxLen + 1);
            String bits = bits(data, len);
            if (rnd.nextInt(3) == 0) {
                int r = t.delete(key(len, data));
                assertEquals(ref.remove(bits) != null ? 0 : -Errno.ENOENT, r);
            } else {
                int v = rnd.nextInt();
                int r = t.update(key(len, data), u32(v), 0);
                if (ref.size() == 400 && !ref.containsKey(bits)) {
                    assertEquals(-Errno.E2BIG, r);
                } else {
                    assertEquals(0, r);
                    ref.put(bits, v);
                }
            }
            if (step % 50 == 0) {
                checkLookups(t, ref, bases, rnd, dataSize);
                checkOrder(t, ref, dataSize);
            }
        }
        checkLookups(t, ref, bases, rnd, dataSize);
        checkOrder(t, ref, dataSize);
    }

    /**
     * A large IPv4 table (nodes several levels deep, leaves pushed down and collapsed again): every value
     * replacement is seen by lookups, get_next_key of an absent key starts over, and after deleting most
     * prefixes the lookups and the order still match the reference.
     */
    @Test
    void largeTableReplaceDeleteAndOrder() {
        Random rnd = new Random(11);
        BpfMap t = trie(4, 4000);
        Map<String, Integer> ref = new HashMap<>();
        byte[][] bases = {ip4(10, 0, 0, 0), ip4(10, 1, 0, 0), ip4(192, 168, 1, 0), ip4(172, 16, 0, 0)};
        List<byte[]> stored = new ArrayList<>();
        while (ref.size() < 3000) {
            byte[] data = bases[rnd.nextInt(bases.length)].clone();
            for (int i = 1 + rnd.nextInt(3); i < 4; i++) {
                data[i] = (byte) rnd.nextInt(256);
            }
            int len = rnd.nextInt(33);
            if (ref.putIfAbsent(bits(data, len), 0) == null) {
                stored.add(key(len, data));
                assertEquals(0, t.update(key(len, data), u32(0), MapFlags.BPF_NOEXIST));
            }
        }
        for (byte[] k : stored) {
            int v = rnd.nextInt();
            assertEquals(0, t.update(k, u32(v), MapFlags.BPF_EXIST));
            ref.put(bits(java.util.Arrays.copyOfRange(k, 4, 8), ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt()), v);
            assertArrayEquals(u32(v), t.lookup(k));
        }
        checkLookups(t, ref, bases, rnd, 4);
        checkOrder(t, ref, 4);
        assertArrayEquals(t.nextKey(null), t.nextKey(key(32, ip4(1, 2, 3, 4))), "absent key: first key");
        for (int i = 0; i < stored.size(); i++) {
            if (i % 5 != 0) {
                byte[] k = stored.get(i);
                assertEquals(0, t.delete(k));
                assertEquals(-Errno.ENOENT, t.delete(k));
                ref.remove(bits(java.util.Arrays.copyOfRange(k, 4, 8), ByteBuffer.wrap(k)
                        .order(ByteOrder.LITTLE_ENDIAN).getInt()));
            }
        }
        checkLookups(t, ref, bases, rnd, 4);
        checkOrder(t, ref, 4);
    }

    private static void checkLookups(BpfMap t, Map<String, Integer> ref, byte[][] bases, Random rnd, int dataSize) {
        int maxLen = dataSize * 8;
        for (int q = 0; q < 200; q++) {
            byte[] data = bases[rnd.nextInt(bases.length)].clone();
            for (int i = rnd.nextInt(dataSize + 1); i < dataSize; i++) {
                data[i] = (byte) rnd.nextInt(256);
            }
            int plen = rnd.nextInt(3) == 0 ? rnd.nextInt(maxLen + 1) : maxLen;
            Integer want = null;
            String all = bits(data, plen);
            for (int len = plen; len >= 0 && want == null; len--) {
                want = ref.get(all.substring(0, len));
            }
            byte[] got = t.lookup(key(plen, data));
            if (want == null) {
                assertNull(got, "lookup " + all);
            } else {
                assertArrayEquals(u32(want), got, "lookup " + all);
            }
        }
    }

    /** get_next_key order against a post-order walk (0 child, 1 child, node) of the plain bit trie. */
    private static void checkOrder(BpfMap t, Map<String, Integer> ref, int dataSize) {
        List<String> want = new ArrayList<>();
        postOrder("", new TreeSet<>(ref.keySet()), want);
        List<String> got = new ArrayList<>();
        for (byte[] k = t.nextKey(null); k != null; k = t.nextKey(k)) {
            int len = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] data = java.util.Arrays.copyOfRange(k, 4, 4 + dataSize);
            got.add(bits(data, len));
        }
        assertEquals(want, got);
        assertEquals(want.size(), t.dump().size());
    }

    private static void postOrder(String s, TreeSet<String> set, List<String> out) {
        for (String child : new String[] {s + "0", s + "1"}) {
            String next = set.ceiling(child);
            if (next != null && next.startsWith(child)) {
                postOrder(child, set, out);
            }
        }
        if (set.contains(s)) {
            out.add(s);
        }
    }

    static String bits(byte[] data, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append((data[i >>> 3] >>> (7 - (i & 7)) & 1) == 0 ? '0' : '1');
        }
        return sb.toString();
    }
}
