package org.rqbpf.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.maps.Maps.getU64;
import static org.rqbpf.maps.Maps.u32;
import static org.rqbpf.maps.Maps.u64;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/** PERCPU_HASH, ARRAY and PERCPU_ARRAY rows of runtime.md's map table. */
class PercpuAndArrayTest {
    private final SimMachine m = Maps.machine(3);

    private BpfMap create(MapDef d) {
        return MapFactory.create(d, m, m.memory());
    }

    @Test
    void percpuHashProgramsSeeTheirOwnSlotHostSeesAll() {
        BpfMap h = create(Maps.def(MapType.PERCPU_HASH, 4, 4, 4, 0));
        assertEquals(24, h.hostValueSize());
        assertEquals(0, (int) m.cpu(1).call(() -> h.update(u32(1), 0, u32(11), 0, MapFlags.BPF_ANY)));
        assertEquals(0, (int) m.cpu(2).call(() -> h.update(u32(1), 0, u32(22), 0, MapFlags.BPF_EXIST)));
        long p1 = m.cpu(1).call(() -> h.lookup(u32(1), 0));
        long p2 = m.cpu(2).call(() -> h.lookup(u32(1), 0));
        assertEquals(11, m.memory().load(p1, 4));
        assertEquals(22, m.memory().load(p2, 4));
        byte[] all = h.lookup(u32(1));
        assertEquals(0, getU64(all, 0));
        assertEquals(11, getU64(all, 8));
        assertEquals(22, getU64(all, 16));
        byte[] host = new byte[24];
        host[0] = 1;
        host[8] = 2;
        host[16] = 3;
        assertEquals(0, h.update(u32(1), host, MapFlags.BPF_EXIST));
        assertEquals(2, m.memory().load(p1, 4));
        assertEquals(-Errno.EEXIST, h.update(u32(1), host, MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.ENOENT, h.update(u32(2), host, MapFlags.BPF_EXIST));
        assertEquals(-Errno.EINVAL, h.update(u32(1), host, MapFlags.BPF_F_LOCK), "no F_LOCK on per-CPU maps");
        assertEquals(0, h.delete(u32(1)));
        assertEquals(-Errno.ENOENT, h.delete(u32(1)));
    }

    @Test
    void percpuHashIsE2bigWhenFull() {
        BpfMap h = create(Maps.def(MapType.PERCPU_HASH, 4, 8, 2, 0));
        byte[] v = new byte[24];
        assertEquals(0, h.update(u32(1), v, 0));
        assertEquals(0, h.update(u32(2), v, 0));
        assertEquals(-Errno.E2BIG, h.update(u32(3), v, 0));
        assertEquals(0, h.update(u32(2), v, 0));
    }

    @Test
    void arrayRows() {
        BpfMap a = create(Maps.def(MapType.ARRAY, 4, 8, 4, 0));
        assertArrayEquals(new byte[8], a.lookup(u32(3)), "array values exist from the start");
        assertNull(a.lookup(u32(4)));
        assertEquals(-Errno.E2BIG, a.update(u32(4), u64(1), 0));
        assertEquals(-Errno.E2BIG, a.update(u32(-1), u64(1), 0));
        assertEquals(-Errno.EEXIST, a.update(u32(1), u64(1), MapFlags.BPF_NOEXIST));
        assertEquals(0, a.update(u32(1), u64(9), MapFlags.BPF_EXIST));
        assertEquals(9, getU64(a.lookup(u32(1)), 0));
        assertEquals(-Errno.EINVAL, a.delete(u32(1)));
        assertEquals(-Errno.EINVAL, a.update(u32(1), u64(1), 3));
        assertEquals(-Errno.EEXIST, a.update(u32(1), u64(1), MapFlags.BPF_F_LOCK | MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EINVAL, a.update(u32(1), u64(1), MapFlags.BPF_F_LOCK), "no bpf_spin_lock in value");
        assertEquals(0, m.cpu(0).call(() -> a.lookup(u32(4), 0)));
        long p = m.cpu(0).call(() -> a.lookup(u32(2), 0));
        m.memory().store(p, 8, 42);
        assertEquals(42, getU64(a.lookup(u32(2)), 0));
    }

    @Test
    void arrayNextKeyFollowsTheKernel() {
        BpfMap a = create(Maps.def(MapType.ARRAY, 4, 8, 3, 0));
        assertArrayEquals(u32(0), a.nextKey(null));
        assertArrayEquals(u32(2), a.nextKey(u32(1)));
        assertNull(a.nextKey(u32(2)));
        assertArrayEquals(u32(0), a.nextKey(u32(99)));
        assertEquals(3, a.dump().size());
    }

    @Test
    void arrayFLockAndLockFieldRules() {
        BpfMap a = create(Maps.lockedDef(MapType.ARRAY, LockKind.SPIN_LOCK, 2));
        long p = m.cpu(0).call(() -> a.lookup(u32(0), 0));
        assertEquals(0, a.update(u32(0), HtabMapTest.value(1, 0x33333333, 2), MapFlags.BPF_F_LOCK));
        assertEquals(0, m.memory().load(p + 8, 4), "lock word not copied");
        assertEquals(1, m.memory().load(p, 8));
        m.memory().store(p + 8, 4, 1);
        assertArrayEquals(HtabMapTest.value(1, 0, 2), a.lookup(u32(0)));
        assertEquals(0, a.update(u32(0), HtabMapTest.value(3, 0, 4), MapFlags.BPF_ANY));
        assertEquals(1, m.memory().load(p + 8, 4), "plain updates keep the current lock word");
    }

    @Test
    void percpuArraySlotsPerCpu() {
        BpfMap a = create(Maps.def(MapType.PERCPU_ARRAY, 4, 4, 2, 0));
        assertEquals(24, a.hostValueSize());
        assertEquals(0, (int) m.cpu(2).call(() -> a.update(u32(1), 0, u32(7), 0, 0)));
        byte[] all = a.lookup(u32(1));
        assertEquals(7, getU64(all, 16));
        assertEquals(0, getU64(all, 0));
        long p0 = m.cpu(0).call(() -> a.lookup(u32(1), 0));
        long p2 = m.cpu(2).call(() -> a.lookup(u32(1), 0));
        assertNotEquals(p0, p2);
        assertEquals(7, m.memory().load(p2, 4));
        assertEquals(-Errno.EINVAL, a.update(u32(1), new byte[24], MapFlags.BPF_F_LOCK));
        assertEquals(-Errno.E2BIG, a.update(u32(2), new byte[24], 0));
        assertEquals(-Errno.EEXIST, a.update(u32(0), new byte[24], MapFlags.BPF_NOEXIST));
        assertEquals(-Errno.EINVAL, a.delete(u32(0)));
    }

    @Test
    void dataSectionsGetTheirInitialValueAndRodataIsReadOnlyToPrograms() {
        byte[] init = {1, 2, 3, 4, 5, 6, 7, 8};
        MapDef ro = new MapDef("t.rodata", 0, MapType.ARRAY, 4, 8, 1, MapFlags.BPF_F_RDONLY_PROG, null, null,
                ".rodata", init, Maps.POS);
        ArrayMap a = (ArrayMap) create(ro);
        assertArrayEquals(init, a.lookup(u32(0)));
        assertTrue(a.region().readOnly());
        assertThrows(MemoryFault.class, () -> m.memory().store(a.valuePointer(0), 1, 9));
        assertEquals(1, m.memory().load(a.valuePointer(0), 1));
        MapDef rw = new MapDef("t.data", 1, MapType.ARRAY, 4, 8, 1, 0, null, null, ".data", init, Maps.POS);
        ArrayMap d = (ArrayMap) create(rw);
        m.memory().store(d.valuePointer(0), 1, 9);
        assertEquals(9, d.lookup(u32(0))[0]);
    }

    @Test
    void creationChecks() {
        for (MapDef bad : List.of(Maps.def(MapType.ARRAY, 8, 8, 1, 0), Maps.def(MapType.HASH, 4, 0, 1, 0),
                Maps.def(MapType.HASH, 4, 8, 0, 0), Maps.def(MapType.LPM_TRIE, 4, 8, 1, 0),
                Maps.def(MapType.LPM_TRIE, 4 + 257, 8, 1, 0), Maps.def(MapType.HASH, 4, 8, 1, 1 << 20))) {
            MapCreationException e = assertThrows(MapCreationException.class, () -> create(bad), bad.toString());
            assertEquals(Errno.EINVAL, e.errno());
        }
    }
}
