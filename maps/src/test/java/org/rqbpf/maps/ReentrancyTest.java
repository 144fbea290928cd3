package org.rqbpf.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.maps.Maps.u32;
import static org.rqbpf.maps.Maps.u64;

import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/**
 * An NMI delivered on CPU 0 while it holds a map lock re-enters the map (runtime.md "Maps": the maps rely
 * on rqspinlock instead of the old per-CPU busy counters): same lock -> -EDEADLK, another lock -> success,
 * and the interrupted operation then completes.
 */
class ReentrancyTest {
    private final SimMachine m = Maps.machine(2);

    private HtabMap hash() {
        return (HtabMap) MapFactory.create(Maps.def(MapType.HASH, 4, 8, 64, 0), m, m.memory());
    }

    /** A key != {@code k} in the same bucket ({@code same}) or another bucket. */
    private static byte[] keyIn(HtabMap h, byte[] k, boolean same) {
        for (int i = 1; ; i++) {
            byte[] c = u32(i * 7919);
            if (!java.util.Arrays.equals(c, k) && (h.bucketOf(c) == h.bucketOf(k)) == same) {
                return c;
            }
        }
    }

    @Test
    void nmiInsideABucketLockDeadlocksOnTheSameBucketOnly() {
        HtabMap h = hash();
        byte[] a = u32(1);
        byte[] sameBucket = keyIn(h, a, true);
        byte[] otherBucket = keyIn(h, a, false);
        int[] nested = {1, 1, 1};
        int outer = m.cpu(0).call(() -> {
            SimCpu cpu = SimCpu.current();
            // Delivered at the first interrupt point: the one inside the update, with the bucket lock held.
            cpu.raise(CpuContext.NMI, () -> {
                nested[0] = h.update(sameBucket, 0, u64(2), 0, MapFlags.BPF_ANY);
                nested[1] = h.update(otherBucket, 0, u64(3), 0, MapFlags.BPF_ANY);
                nested[2] = h.delete(a, 0);
            });
            return h.update(a, 0, u64(1), 0, MapFlags.BPF_ANY);
        });
        assertEquals(0, outer, "the interrupted update completes");
        assertEquals(-Errno.EDEADLK, nested[0]);
        assertEquals(0, nested[1]);
        assertEquals(-Errno.EDEADLK, nested[2], "delete of the locked bucket too");
        assertNotNull(h.lookup(a));
        assertNull(h.lookup(sameBucket));
        assertNotNull(h.lookup(otherBucket));
        assertEquals(2, h.stats().get(MapStats.Counter.EDEADLK));
        assertLocksFree(h);
    }

    @Test
    void htabUpdateHookFiresWithTheBucketLockHeld() {
        MapFactory f = new MapFactory(m);
        HtabMap h = (HtabMap) f.create(Maps.def(MapType.HASH, 4, 8, 64, 0));
        byte[] a = u32(5);
        RqSpinLock bucketLock = h.internalLocks().get(h.bucketOf(a));
        int[] seen = new int[3];
        try (MapHooks.Registration r = f.hooks().onHtabUpdate((map, k, ko, v, vo, flags) -> {
            seen[0]++;
            seen[1] = bucketLock.word();
            // A probe program in NMI context on the same CPU: same bucket -> -EDEADLK.
            SimCpu.current().raise(CpuContext.NMI, () -> seen[2] = map.update(k, ko, v, vo, flags));
        })) {
            assertEquals(0, h.update(a, u64(9), 0));
        }
        assertEquals(1, seen[0], "the nested update fails before its own hook would fire");
        assertEquals(1, seen[1] & 0xFF, "bucket lock held at the hook point");
        assertEquals(-Errno.EDEADLK, seen[2]);
        assertEquals(0, h.update(a, u64(10), 0));
        assertEquals(1, seen[0], "closed registration no longer fires");
        assertLocksFree(h);
    }

    @Test
    void nmiInsideTheTrieLockDeadlocksOnUpdateButLooksUp() {
        MapFactory f = new MapFactory(m);
        LpmTrieMap t = (LpmTrieMap) f.create(Maps.def(MapType.LPM_TRIE, 8, 4, 16, MapFlags.BPF_F_NO_PREALLOC));
        byte[] net = LpmTrieTest.key(8, LpmTrieTest.ip4(10, 0, 0, 0));
        byte[] host = LpmTrieTest.key(32, LpmTrieTest.ip4(10, 1, 2, 3));
        assertEquals(0, t.update(net, u32(1), 0));
        int[] nested = {1, 1, 0};
        int[] hooked = {0};
        f.hooks().onTrieUpdate((map, k, ko, v, vo, flags) -> hooked[0] = t.trieLock().word());
        int outer = m.cpu(0).call(() -> {
            SimCpu.current().raise(CpuContext.NMI, () -> {
                nested[0] = t.update(LpmTrieTest.key(16, LpmTrieTest.ip4(10, 1, 0, 0)), 0, u32(2), 0, 0);
                nested[1] = t.delete(net, 0);
                nested[2] = (int) m.memory().load(t.lookup(host, 0), 4);
            });
            return t.update(LpmTrieTest.key(24, LpmTrieTest.ip4(10, 1, 2, 0)), 0, u32(3), 0, 0);
        });
        assertEquals(0, outer);
        assertEquals(1, hooked[0] & 0xFF, "trie lock held at trie_update_elem");
        assertEquals(-Errno.EDEADLK, nested[0]);
        assertEquals(-Errno.EDEADLK, nested[1]);
        assertEquals(1, nested[2], "lock-free lookup works inside the NMI");
        assertArrayEquals(u32(3), t.lookup(host));
        assertEquals(0, t.trieLock().word());
    }

    @Test
    void nmiInsideAFreelistLockUsesAnotherCpusList() {
        MapStats stats = new MapStats(2);
        PcpuFreelist fl = new PcpuFreelist(m, 4, stats);
        fl.populate(4); // CPU 0: 0, 2; CPU 1: 1, 3
        int[] nested = {-1, -1};
        int outer = m.cpu(0).call(() -> {
            SimCpu cpu = SimCpu.current();
            cpu.raise(CpuContext.NMI, () -> {
                nested[0] = fl.pop(cpu);
                fl.push(cpu, nested[0]);
                nested[1] = fl.pop(cpu);
            });
            return fl.pop(cpu);
        });
        assertEquals(0, outer, "the interrupted pop completes with CPU 0's head");
        assertTrue(nested[0] == 1 || nested[0] == 3, "NMI skipped CPU 0's locked list: " + nested[0]);
        assertEquals(nested[0], nested[1], "the push went to CPU 1's list, where the next pop found it");
        assertEquals(3, stats.get(MapStats.Counter.EDEADLK));
        assertEquals(2, fl.size());
        for (RqSpinLock l : fl.locks()) {
            assertEquals(0, l.word());
        }
    }

    @Test
    void popFindsNothingWhenEveryListIsEmptyOrLocked() {
        PcpuFreelist fl = new PcpuFreelist(m, 1, new MapStats(2));
        fl.populate(1); // only CPU 0's list has an element
        int[] nested = {0};
        int outer = m.cpu(0).call(() -> {
            SimCpu cpu = SimCpu.current();
            cpu.raise(CpuContext.NMI, () -> nested[0] = fl.pop(cpu));
            return fl.pop(cpu);
        });
        assertEquals(0, outer);
        assertEquals(-1, nested[0]);
    }

    @Test
    void singleCpuPushWithItsListLockedIsNotLost() {
        SimMachine one = Maps.machine(1);
        PcpuFreelist fl = new PcpuFreelist(one, 2, new MapStats(1));
        fl.populate(1);
        int outer = one.cpu(0).call(() -> {
            SimCpu cpu = SimCpu.current();
            cpu.raise(CpuContext.NMI, () -> fl.push(cpu, 1));
            return fl.pop(cpu);
        });
        assertEquals(0, outer);
        assertEquals(1, fl.size());
        assertEquals(1, (int) one.cpu(0).call(() -> fl.pop(SimCpu.current())));
        assertNotEquals(-1, outer);
    }

    static void assertLocksFree(HtabMap h) {
        for (RqSpinLock l : h.internalLocks()) {
            assertEquals(0, l.word(), l.toString());
        }
    }
}
