package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.IrqFlags;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.program.MapDef;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE}: key = {@code u32 prefixlen} (little-endian) + data bytes (network
 * order), longest-prefix match on lookup.
 *
 * <p>Update and delete take the one trie {@link RqSpinLock} with irqsave (its errors returned unchanged)
 * and, while holding it, fire {@code trie_update_elem} (update) and run an interrupt point. Lookups take
 * no lock: they read the {@link StrideTrie} index, whose nodes change copy-on-write. The entries also
 * live in a skip list ordered by the kernel's {@code get_next_key} order ({@link LpmPrefix#POST_ORDER}),
 * which answers exact matches and iteration. Values live in slots of one region; a replaced or deleted
 * prefix's slot is reused in FIFO order, as late as the capacity ({@code max_entries + 1}) allows, since
 * the simulator has no RCU grace period to wait for.
 */
final class LpmTrieMap implements BpfMap {
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final MapDef def;
    private final SimMachine machine;
    private final MapHooks hooks;
    private final MapStats stats;
    private final ValueLayout layout;
    private final int dataSize;
    private final int maxPrefixLen;
    private final int maxEntries;
    private final RqSpinLock lock;
    private final Region region;
    private final StrideTrie trie;
    private final ConcurrentSkipListMap<LpmPrefix, Integer> entries = new ConcurrentSkipListMap<>(LpmPrefix.POST_ORDER);
    /** FIFO ring of free slots; touched only with the trie lock held. */
    private final int[] freeSlots;
    private int freeHead;
    private int freeCount;
    private int count;

    LpmTrieMap(MapDef def, SimMachine machine, Memory memory, MapHooks hooks) {
        this.def = def;
        this.machine = machine;
        this.hooks = hooks;
        this.stats = new MapStats(machine.cpuCount());
        this.layout = new ValueLayout(def);
        this.dataSize = def.keySize() - 4;
        this.maxPrefixLen = 8 * dataSize;
        this.maxEntries = def.maxEntries();
        this.lock = new RqSpinLock(machine);
        int slots = Math.addExact(maxEntries, 1);
        long size = (long) slots * layout.stride;
        if (size > Integer.MAX_VALUE - 8) {
            throw new MapCreationException(Errno.E2BIG, "map '" + def.name() + "' needs " + size + " bytes");
        }
        this.region = memory.allocate("map " + def.name() + " values", RegionKind.MAP_VALUE, (int) size);
        this.trie = new StrideTrie(slots);
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            freeSlots[i] = i;
        }
        this.freeCount = slots;
    }

    @Override
    public MapDef def() {
        return def;
    }

    @Override
    public int hostValueSize() {
        return layout.size;
    }

    @Override
    public MapStats stats() {
        return stats;
    }

    private static int prefixLen(byte[] key, int off) {
        return (int) U32.get(key, off);
    }

    private boolean validLen(int plen) {
        return Integer.compareUnsigned(plen, maxPrefixLen) <= 0;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(byte[] key, int keyOff) {
        stats.count(SimCpu.current(), MapStats.Counter.LOOKUP);
        int plen = prefixLen(key, keyOff);
        if (!validLen(plen)) {
            return 0;
        }
        int slot = trie.lookup(key, keyOff + 4, plen);
        return slot < 0 ? 0 : region.pointer(slot * layout.stride);
    }

    @Override
    public int update(byte[] key, int keyOff, byte[] value, int valueOff, long flags) {
        SimCpu cpu = SimCpu.current();
        stats.count(cpu, MapStats.Counter.UPDATE);
        if (UpdateFlags.invalidWithoutLock(flags)) {
            return -Errno.EINVAL;
        }
        int plen = prefixLen(key, keyOff);
        if (!validLen(plen)) {
            return -Errno.EINVAL;
        }
        LpmPrefix prefix = new LpmPrefix(Arrays.copyOfRange(key, keyOff + 4, keyOff + 4 + dataSize), plen);
        IrqFlags irq = new IrqFlags();
        int r = lock.lockIrqSave(irq);
        if (r != 0) {
            stats.lockFailed(cpu, r);
            return r;
        }
        try {
            hooks.fireTrieUpdate(this, key, keyOff, value, valueOff, flags);
            cpu.interruptPoint();
            Integer old = entries.get(prefix);
            r = UpdateFlags.check(old != null, flags);
            if (r != 0) {
                return r;
            }
            if (old == null && count == maxEntries) {
                return -Errno.E2BIG;
            }
            int slot = takeSlot();
            layout.init(value, valueOff, region.bytes(), slot * layout.stride);
            if (old != null) {
                // Re-key the entry so get_next_key reports the bytes of the latest update, as the kernel's
                // replacement node does.
                entries.remove(prefix);
            }
            entries.put(prefix, slot);
            trie.put(prefix, slot);
            if (old != null) {
                releaseSlot(old);
            } else {
                count++;
            }
            return 0;
        } finally {
            lock.unlockIrqRestore(irq);
        }
    }

    @Override
    public int delete(byte[] key, int keyOff) {
        SimCpu cpu = SimCpu.current();
        stats.count(cpu, MapStats.Counter.DELETE);
        int plen = prefixLen(key, keyOff);
        if (!validLen(plen)) {
            return -Errno.EINVAL;
        }
        LpmPrefix prefix = new LpmPrefix(Arrays.copyOfRange(key, keyOff + 4, keyOff + 4 + dataSize), plen);
        IrqFlags irq = new IrqFlags();
        int r = lock.lockIrqSave(irq);
        if (r != 0) {
            stats.lockFailed(cpu, r);
            return r;
        }
        try {
            cpu.interruptPoint();
            Map.Entry<LpmPrefix, Integer> e = entries.ceilingEntry(prefix);
            if (e == null || LpmPrefix.compare(e.getKey(), prefix) != 0) {
                return -Errno.ENOENT;
            }
            entries.remove(prefix);
            trie.remove(e.getKey(), e.getValue());
            releaseSlot(e.getValue());
            count--;
            return 0;
        } finally {
            lock.unlockIrqRestore(irq);
        }
    }

    private int takeSlot() {
        int s = freeSlots[freeHead];
        freeHead = (freeHead + 1) % freeSlots.length;
        freeCount--;
        return s;
    }

    private void releaseSlot(int s) {
        freeSlots[(freeHead + freeCount) % freeSlots.length] = s;
        freeCount++;
    }

    // ---------------------------------------------------------------- host side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        return HostCpu.call(machine, () -> {
            long p = lookup(key, 0);
            if (p == 0) {
                return null;
            }
            byte[] out = new byte[layout.size];
            layout.copyOut(region.bytes(), Memory.offset(p), out, 0);
            return out;
        });
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        if (value.length != layout.size) {
            throw new IllegalArgumentException("value of map " + def.name() + " has " + layout.size + " bytes, not "
                    + value.length);
        }
        return HostCpu.call(machine, () -> update(key, 0, value, 0, flags));
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        return HostCpu.call(machine, () -> delete(key, 0));
    }

    @Override
    public byte[] nextKey(byte[] key) {
        if (key != null) {
            checkKey(key);
        }
        return HostCpu.call(machine, () -> {
            stats.count(SimCpu.current(), MapStats.Counter.NEXT_KEY);
            LpmPrefix next = null;
            if (key != null && validLen(prefixLen(key, 0))) {
                LpmPrefix k = new LpmPrefix(Arrays.copyOfRange(key, 4, 4 + dataSize), prefixLen(key, 0));
                if (entries.containsKey(k)) {
                    next = entries.higherKey(k);
                    return next == null ? null : encode(next);
                }
            }
            Map.Entry<LpmPrefix, Integer> first = entries.firstEntry();
            return first == null ? null : encode(first.getKey());
        });
    }

    @Override
    public List<MapEntry> dump() {
        List<MapEntry> out = new ArrayList<>();
        for (Map.Entry<LpmPrefix, Integer> e : entries.entrySet()) {
            byte[] v = new byte[layout.size];
            layout.copyOut(region.bytes(), e.getValue() * layout.stride, v, 0);
            out.add(new MapEntry(encode(e.getKey()), v));
        }
        return out;
    }

    private byte[] encode(LpmPrefix p) {
        byte[] k = new byte[4 + dataSize];
        U32.set(k, 0, p.len());
        System.arraycopy(p.data(), 0, k, 4, dataSize);
        return k;
    }

    private void checkKey(byte[] key) {
        if (key.length != 4 + dataSize) {
            throw new IllegalArgumentException("key of map " + def.name() + " has " + (4 + dataSize) + " bytes, not "
                    + key.length);
        }
    }

    // ---------------------------------------------------------------- inspection

    RqSpinLock trieLock() {
        return lock;
    }

    int count() {
        return count;
    }
}
