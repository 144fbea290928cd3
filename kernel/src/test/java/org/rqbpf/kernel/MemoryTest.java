package org.rqbpf.kernel;

import org.rqbpf.abi.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rqbpf.kernel.locking.HeldLocks;
import org.rqbpf.kernel.locking.QSpinLock;
import org.rqbpf.kernel.locking.RqSpinLock;

class MemoryTest {
    private final SimMachine machine = new SimMachine(2);
    private final Memory mem = machine.memory();

    @Test
    void pointersCarryRegionAndOffset() {
        Region r = mem.allocate("buf", RegionKind.OTHER, 16);
        assertTrue(r.id() > 0);
        assertEquals(((long) r.id() << 32) | 12 | Long.MIN_VALUE, r.pointer(12));
        assertTrue(r.pointer(0) < 0, "pointers are negative, as kernel addresses are");
        assertEquals(r.id(), Memory.regionId(r.pointer(12)));
        assertEquals(12, Memory.offset(r.pointer(12)));
        assertSame(r, mem.regionOf(r.pointer(3)));
        assertNull(mem.regionOf(0));
    }

    @Test
    void loadsAndStoresOfEverySizeAreLittleEndian() {
        Region r = mem.allocate("buf", RegionKind.MAP_VALUE, 16);
        long p = r.base();
        mem.store(p, 8, 0x0102030405060708L);
        assertEquals(0x08, r.bytes()[0]);
        assertEquals(0x01, r.bytes()[7]);
        assertEquals(0x08L, mem.load(p, 1));
        assertEquals(0x0708L, mem.load(p, 2));
        assertEquals(0x05060708L, mem.load(p, 4));
        assertEquals(0x0102030405060708L, mem.load(p, 8));
        mem.store(p + 8, 1, 0xFF);
        mem.store(p + 9, 2, 0xFFFE);
        mem.store(p + 12, 4, 0xFFFFFFFFL);
        assertEquals(0xFFL, mem.load(p + 8, 1), "zero-extended");
        assertEquals(-1L, mem.loadSigned(p + 8, 1));
        assertEquals(0xFFFEL, mem.load(p + 9, 2));
        assertEquals(-2L, mem.loadSigned(p + 9, 2));
        assertEquals(0xFFFFFFFFL, mem.load(p + 12, 4));
        assertEquals(-1L, mem.loadSigned(p + 12, 4));
    }

    @Test
    void boundsNullAndFreedRegionsFault() {
        Region r = mem.allocate("small", RegionKind.STACK, 8);
        MemoryFault f = assertThrows(MemoryFault.class, () -> mem.load(r.pointer(5), 4));
        assertEquals(r.pointer(5), f.address());
        assertEquals(4, f.size());
        assertEquals(MemoryFault.Access.READ, f.access());
        assertTrue(f.getMessage().contains("small"), f.getMessage());
        assertThrows(MemoryFault.class, () -> mem.store(r.pointer(8), 1, 0));
        assertThrows(MemoryFault.class, () -> mem.load(r.pointer(-1), 1));
        MemoryFault nul = assertThrows(MemoryFault.class, () -> mem.load(0, 8));
        assertTrue(nul.getMessage().contains("NULL"));
        assertThrows(MemoryFault.class, () -> mem.load(r.base(), 3));
        mem.free(r);
        assertTrue(r.isFreed());
        assertThrows(MemoryFault.class, () -> mem.load(r.base(), 1));
        Region again = mem.allocate("reused", RegionKind.OTHER, 4);
        assertEquals(r.id(), again.id(), "ids are recycled");
    }

    @Test
    void readOnlyRegionsRejectStoresAndAtomics() {
        Region ro = mem.wrap("rodata", RegionKind.GLOBAL, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, true);
        assertEquals(0x04030201L, mem.load(ro.base(), 4));
        MemoryFault f = assertThrows(MemoryFault.class, () -> mem.store(ro.base(), 1, 0));
        assertEquals(MemoryFault.Access.WRITE, f.access());
        assertTrue(f.getMessage().contains("read-only"));
        assertThrows(MemoryFault.class, () -> mem.fetchAdd(ro.base(), 8, 1));
        assertThrows(MemoryFault.class, () -> mem.lockAt(ro.base()));
    }

    @Test
    void atomicsOfBothSizes() {
        Region r = mem.allocate("atomics", RegionKind.MAP_VALUE, 16);
        long w = r.base();
        long d = r.pointer(8);
        mem.store(w, 4, 0xF0);
        mem.atomicAdd(w, 4, 1);
        assertEquals(0xF1L, mem.fetchAdd(w, 4, -0xF2));
        assertEquals(0xFFFFFFFFL, mem.load(w, 4), "32-bit wrap, zero-extended");
        assertEquals(0xFFFFFFFFL, mem.fetchAnd(w, 4, 0x0F));
        assertEquals(0x0FL, mem.fetchOr(w, 4, 0x30));
        assertEquals(0x3FL, mem.fetchXor(w, 4, 0x01));
        assertEquals(0x3EL, mem.xchg(w, 4, 7));
        assertEquals(7L, mem.cmpxchg(w, 4, 6, 9), "mismatch returns old, no store");
        assertEquals(7L, mem.cmpxchg(w, 4, 7, 9));
        assertEquals(9L, mem.load(w, 4));
        assertEquals(0L, mem.load(w + 4, 4), "neighbouring bytes untouched");

        mem.store(d, 8, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, mem.fetchAdd(d, 8, 1));
        assertEquals(Long.MIN_VALUE, mem.load(d, 8));
        mem.atomicAnd(d, 8, 0xFF00000000000000L);
        mem.atomicOr(d, 8, 1);
        mem.atomicXor(d, 8, 3);
        assertEquals(0x8000000000000002L, mem.load(d, 8));
        assertEquals(0x8000000000000002L, mem.xchg(d, 8, -1));
        assertEquals(-1L, mem.cmpxchg(d, 8, -1, 5));
        assertEquals(5L, mem.load(d, 8));

        assertThrows(MemoryFault.class, () -> mem.fetchAdd(r.pointer(2), 4, 1), "misaligned");
        assertThrows(MemoryFault.class, () -> mem.fetchAdd(r.pointer(4), 8, 1), "misaligned");
        assertThrows(MemoryFault.class, () -> mem.fetchAdd(w, 2, 1), "size");
        assertThrows(MemoryFault.class, () -> mem.cmpxchg(r.pointer(16), 4, 0, 1), "bounds");
    }

    @Test
    void lockViewsShareTheAddressAndLiveInTheRegion() {
        Region r = mem.allocate("map value", RegionKind.MAP_VALUE, 16);
        long addr = r.pointer(8);
        RqSpinLock a = mem.lockAt(addr);
        assertSame(a, mem.lockAt(addr), "same address, same lock");
        assertEquals(addr, a.address());
        machine.cpu(0).run(() -> {
            assertEquals(0, a.lock());
            assertEquals(1L, mem.load(addr, 4), "the word lives in the region");
            assertEquals(addr, SimCpu.current().locks().held().entry(0));
            assertEquals(-Errno.EDEADLK, mem.lockAt(addr).lock());
            a.unlock();
        });
        assertEquals(0L, mem.load(addr, 4));
        assertThrows(MemoryFault.class, () -> mem.lockAt(r.pointer(6)), "misaligned lock");
        assertThrows(MemoryFault.class, () -> mem.qspinLockAt(addr), "already an rqspinlock");
        QSpinLock q = mem.qspinLockAt(r.pointer(0));
        assertSame(q, mem.qspinLockAt(r.pointer(0)));
        machine.cpu(1).run(() -> {
            q.lock();
            assertEquals(1L, mem.load(r.base(), 4));
            q.unlock();
        });
    }

    @Test
    void internalLocksHaveUniqueReservedAddresses() {
        RqSpinLock a = new RqSpinLock(machine);
        RqSpinLock b = new RqSpinLock(machine);
        assertTrue(a.address() != b.address());
        assertTrue(Integer.compareUnsigned(Memory.regionId(a.address()), Memory.RESERVED_REGION_BASE) >= 0);
        assertNull(mem.regionOf(a.address()));
        assertEquals(31, HeldLocks.RES_NR_HELD);
    }
}
