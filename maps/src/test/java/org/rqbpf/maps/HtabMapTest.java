package org.rqbpf.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.maps.Maps.getU64;
import static org.rqbpf.maps.Maps.u32;
import static org.rqbpf.maps.Maps.u64;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/** HASH rows of runtime.md's map table, flags, lock fields and in-place values. */
class HtabMapTest {
    private final SimMachine m = Maps.machine(2);

    private HtabMap hash(int max, int flags) {
        return (HtabMap) MapFactory.create(Maps.def(MapType.HASH, 4, 8, max, flags), m, m.memory());
    }

    @Test
    void noexistOnPresentKeyIsEexistAndExistOnAbsentKeyIsEnoent() {
        HtabMap h = hash(4, 0);
        assertEquals(0, h.update(u32(1), u64(10), MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EEXIST, h.update(u32(1), u64(11), MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.ENOENT, h.update(u32(2), u64(20), MapFlags.BPF_EXIST));
        assertEquals(0, h.update(u32(1), u64(12), MapFlags.BPF_EXIST));
        assertEquals(12, getU64(h.lookup(u32(1)), 0));
        assertNull(h.lookup(u32(2)));
    }

    @Test
    void deleteOfAbsentKeyIsEnoent() {
        HtabMap h = hash(4, 0);
        assertEquals(-Errno.ENOENT, h.delete(u32(3)));
        assertEquals(0, h.update(u32(3), u64(1), MapFlags.BPF_ANY));
        assertEquals(0, h.delete(u32(3)));
        assertEquals(-Errno.ENOENT, h.delete(u32(3)));
        assertNull(h.lookup(u32(3)));
    }

    @Test
    void fullPreallocatedMapIsE2bigButReplacingAKeySucceeds() {
        HtabMap h = hash(3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, h.update(u32(i), u64(i), MapFlags.BPF_ANY));
        }
        assertEquals(-Errno.E2BIG, h.update(u32(9), u64(9), MapFlags.BPF_ANY));
        for (int round = 0; round < 10; round++) {
            assertEquals(0, h.update(u32(1), u64(100 + round), MapFlags.BPF_ANY));
        }
        assertEquals(109, getU64(h.lookup(u32(1)), 0));
        assertEquals(3, h.elementCount());
        assertEquals(0, h.delete(u32(0)));
        assertEquals(0, h.update(u32(9), u64(9), MapFlags.BPF_NOEXIST));
        assertEquals(3 + 2, h.elementCount() + h.availableElements());
    }

    @Test
    void fullOnDemandMapIsE2bigButReplacingAKeySucceeds() {
        HtabMap h = hash(2, MapFlags.BPF_F_NO_PREALLOC);
        assertEquals(0, h.update(u32(1), u64(1), MapFlags.BPF_ANY));
        assertEquals(0, h.update(u32(2), u64(2), MapFlags.BPF_ANY));
        assertEquals(-Errno.E2BIG, h.update(u32(3), u64(3), MapFlags.BPF_ANY));
        assertEquals(0, h.update(u32(2), u64(22), MapFlags.BPF_ANY));
        assertEquals(22, getU64(h.lookup(u32(2)), 0));
        assertEquals(0, h.delete(u32(1)));
        assertEquals(0, h.update(u32(3), u64(3), MapFlags.BPF_ANY));
        assertEquals(2, h.elementCount());
    }

    @Test
    void unknownFlagsAreEinval() {
        HtabMap h = hash(4, 0);
        for (long f : new long[] {3, 8, 1L << 40, -1}) {
            assertEquals(-Errno.EINVAL, h.update(u32(1), u64(1), f), "flags " + f);
        }
        assertNull(h.lookup(u32(1)));
    }

    @Test
    void fLockWithoutASpinLockInTheValueIsEinval() {
        HtabMap h = hash(4, 0);
        assertEquals(-Errno.EINVAL, h.update(u32(1), u64(1), MapFlags.BPF_F_LOCK));
        HtabMap res = (HtabMap) MapFactory.create(Maps.lockedDef(MapType.HASH, LockKind.RES_SPIN_LOCK, 4), m,
                m.memory());
        assertEquals(-Errno.EINVAL, res.update(u32(1), new byte[16], MapFlags.BPF_F_LOCK));
    }

    @Test
    void fLockCopiesUnderTheValueLockAndKeepsFlagChecks() {
        HtabMap h = (HtabMap) MapFactory.create(Maps.lockedDef(MapType.HASH, LockKind.SPIN_LOCK, 4), m, m.memory());
        byte[] v = value(5, 0xAABBCCDD, 6);
        assertEquals(-Errno.ENOENT, h.update(u32(1), v, MapFlags.BPF_F_LOCK | MapFlags.BPF_EXIST));
        assertEquals(0, h.update(u32(1), v, MapFlags.BPF_F_LOCK));
        assertEquals(-Errno.EEXIST, h.update(u32(1), v, MapFlags.BPF_F_LOCK | MapFlags.BPF_NOEXIST));
        assertEquals(0, h.update(u32(1), value(7, 0x11111111, 8), MapFlags.BPF_F_LOCK | MapFlags.BPF_EXIST));
        assertArrayEquals(value(7, 0, 8), h.lookup(u32(1)));
        long ptr = m.cpu(0).call(() -> h.lookup(u32(1), 0));
        assertEquals(0, m.memory().load(ptr + 8, 4), "lock word stays free");
    }

    @Test
    void updatesNeverCopyTheLockWordAndHostLookupsReportItAsZero() {
        HtabMap h = (HtabMap) MapFactory.create(Maps.lockedDef(MapType.HASH, LockKind.RES_SPIN_LOCK, 4), m, m.memory());
        assertEquals(0, h.update(u32(1), value(1, 0x5A5A5A5A, 2), MapFlags.BPF_ANY));
        long ptr = m.cpu(0).call(() -> h.lookup(u32(1), 0));
        assertEquals(0, m.memory().load(ptr + 8, 4), "new element starts with lock word 0");
        m.memory().store(ptr + 8, 4, 0x77);
        assertArrayEquals(value(1, 0, 2), h.lookup(u32(1)), "host lookup zeroes the lock bytes");
        // A replacing update builds a fresh element: its lock word starts at 0 again.
        assertEquals(0, h.update(u32(1), value(3, 0x5A5A5A5A, 4), MapFlags.BPF_ANY));
        long ptr2 = m.cpu(0).call(() -> h.lookup(u32(1), 0));
        assertNotEquals(ptr, ptr2);
        assertEquals(0, m.memory().load(ptr2 + 8, 4));
    }

    @Test
    void lookupPointerReadsAndWritesTheValueInPlace() {
        HtabMap h = hash(4, 0);
        assertEquals(0, h.update(u32(7), u64(70), MapFlags.BPF_ANY));
        Memory mem = m.memory();
        long ptr = m.cpu(0).call(() -> h.lookup(u32(7), 0));
        assertEquals(70, mem.load(ptr, 8));
        mem.store(ptr, 8, 71);
        assertEquals(71, getU64(h.lookup(u32(7)), 0));
        assertEquals(0, m.cpu(1).call(() -> h.lookup(u32(8), 0)));
    }

    @Test
    void reusedPreallocatedElementIsSeenThroughAnOldPointer() {
        HtabMap h = hash(1, 0);
        Memory mem = m.memory();
        assertEquals(0, h.update(u32(1), u64(1), MapFlags.BPF_ANY));
        long ptr = m.cpu(0).call(() -> h.lookup(u32(1), 0));
        assertEquals(0, h.delete(u32(1)));
        // The freed element goes back to CPU 0's list; the next insert on CPU 0 takes it again.
        assertEquals(0, (int) m.cpu(0).call(() -> h.update(u32(2), 0, u64(2), 0, MapFlags.BPF_ANY)));
        assertEquals(ptr, (long) m.cpu(0).call(() -> h.lookup(u32(2), 0)));
        assertEquals(2, mem.load(ptr, 8), "the kernel's prealloc semantics: old pointers see the reuse");
    }

    @Test
    void pointerFormsResolveKeysAndValuesInProgramMemory() {
        HtabMap h = hash(4, 0);
        Memory mem = m.memory();
        var stack = mem.allocate("stack", org.rqbpf.kernel.RegionKind.STACK, 64);
        mem.store(stack.pointer(0), 4, 5);
        mem.store(stack.pointer(8), 8, 55);
        assertEquals(0, (int) m.cpu(0).call(() -> h.updateAt(mem, stack.pointer(0), stack.pointer(8), 0)));
        long p = m.cpu(0).call(() -> h.lookupAt(mem, stack.pointer(0)));
        assertEquals(55, mem.load(p, 8));
        assertEquals(0, (int) m.cpu(0).call(() -> h.deleteAt(mem, stack.pointer(0))));
        assertEquals(-Errno.ENOENT, (int) m.cpu(0).call(() -> h.deleteAt(mem, stack.pointer(0))));
    }

    @Test
    void nextKeyVisitsEveryKeyOnceAndDumpMatches() {
        HtabMap h = hash(64, 0);
        for (int i = 0; i < 40; i++) {
            assertEquals(0, h.update(u32(i * 7), u64(i), MapFlags.BPF_ANY));
        }
        Set<Integer> seen = new HashSet<>();
        byte[] k = h.nextKey(null);
        while (k != null) {
            assertTrue(seen.add(java.nio.ByteBuffer.wrap(k).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()));
            k = h.nextKey(k);
        }
        assertEquals(40, seen.size());
        assertArrayEquals(h.nextKey(null), h.nextKey(u32(12345)), "absent key restarts at the first");
        List<MapEntry> dump = h.dump();
        assertEquals(40, dump.size());
        for (MapEntry e : dump) {
            assertArrayEquals(h.lookup(e.key()), e.value());
        }
    }

    @Test
    void statsCountOperations() {
        HtabMap h = hash(4, 0);
        h.update(u32(1), u64(1), 0);
        h.lookup(u32(1));
        h.delete(u32(1));
        assertEquals(3, h.stats().operations());
        assertEquals(0, h.stats().lockFailures());
    }

    static byte[] value(long a, int lock, int b) {
        byte[] v = new byte[16];
        System.arraycopy(u64(a), 0, v, 0, 8);
        System.arraycopy(u32(lock), 0, v, 8, 4);
        System.arraycopy(u32(b), 0, v, 12, 4);
        return v;
    }
}
