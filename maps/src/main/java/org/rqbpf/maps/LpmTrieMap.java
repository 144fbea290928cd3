package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.program.MapDef;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE}: key = {@code u32 prefixlen} (little-endian) + data bytes (network
 * order), longest-prefix match on lookup.
 *
 * <p>Update and delete take the one trie {@link RqSpinLock} with irqsave (its errors returned unchanged)
 * and, while holding it, fire {@code trie_update_elem} (update) and run an interrupt point. Lookups take
 * no lock: they read the {@link StrideTrie} index (see {@link TrieNode} for how it changes under them),
 * which also answers exact matches for update and delete and, through {@link TrieOrder}, the kernel's
 * {@code get_next_key} order. An update or delete allocates nothing but the trie nodes whose entry sets
 * change; replacing an existing prefix's value copies no node at all. Values live in slots of one region,
 * the stored prefixes in a {@link PrefixStore} by the same slot; a replaced or deleted prefix's slot is
 * reused in FIFO order, as late as the capacity ({@code max_entries + 1}) allows, since the simulator has
 * no RCU grace period to wait for.
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
        long size = (long) slots * Math.max(layout.stride, dataSize);
        if (size > Integer.MAX_VALUE - 8) {
            throw new MapCreationException(Errno.E2BIG, "map '" + def.name() + "' needs " + size + " bytes");
        }
        this.region = memory.allocate("map " + def.name() + " values", RegionKind.MAP_VALUE, slots * layout.stride);
        this.trie = new StrideTrie(new PrefixStore(slots, dataSize));
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
        long irq = lock.lockIrqSave(cpu);
        if (irq < 0) {
            stats.lockFailed(cpu, (int) irq);
            return (int) irq;
        }
        try {
            hooks.fireTrieUpdate(this, key, keyOff, value, valueOff, flags);
            cpu.interruptPoint();
            boolean exists = trie.find(key, keyOff + 4, plen) >= 0;
            int r = UpdateFlags.check(exists, flags);
            if (r != 0) {
                return r;
            }
            if (!exists && count == maxEntries) {
                return -Errno.E2BIG;
            }
            int slot = takeSlot();
            layout.init(value, valueOff, region.bytes(), slot * layout.stride);
            // The new slot also records this update's key bytes, which get_next_key reports from now on,
            // as for the kernel's replacement node.
            int old = trie.put(key, keyOff + 4, plen, slot);
            if (old >= 0) {
                releaseSlot(old);
            } else {
                count++;
            }
            return 0;
        } finally {
            lock.unlockIrqRestore(cpu, irq);
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
        long irq = lock.lockIrqSave(cpu);
        if (irq < 0) {
            stats.lockFailed(cpu, (int) irq);
            return (int) irq;
        }
        try {
            cpu.interruptPoint();
            int slot = trie.remove(key, keyOff + 4, plen);
            if (slot < 0) {
                return -Errno.ENOENT;
            }
            releaseSlot(slot);
            count--;
            return 0;
        } finally {
            lock.unlockIrqRestore(cpu, irq);
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
        HostArgs.checkKey(this, key);
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
        HostArgs.checkKey(this, key);
        HostArgs.checkValue(this, value);
        return HostCpu.call(machine, () -> update(key, 0, value, 0, flags));
    }

    @Override
    public int delete(byte[] key) {
        HostArgs.checkKey(this, key);
        return HostCpu.call(machine, () -> delete(key, 0));
    }

    @Override
    public byte[] nextKey(byte[] key) {
        if (key != null) {
            HostArgs.checkKey(this, key);
        }
        return HostCpu.call(machine, () -> {
            stats.count(SimCpu.current(), MapStats.Counter.NEXT_KEY);
            TrieNode root = trie.root();
            if (key != null) {
                int plen = prefixLen(key, 0);
                if (validLen(plen) && trie.find(key, 4, plen) >= 0) {
                    int next = TrieOrder.next(root, key, 4, plen);
                    return next < 0 ? null : encode(next);
                }
            }
            int first = TrieOrder.first(root);
            return first < 0 ? null : encode(first);
        });
    }

    @Override
    public List<MapEntry> dump() {
        List<MapEntry> out = new ArrayList<>();
        TrieNode root = trie.root();
        for (int s = TrieOrder.first(root); s >= 0; ) {
            byte[] k = encode(s);
            byte[] v = new byte[layout.size];
            layout.copyOut(region.bytes(), s * layout.stride, v, 0);
            out.add(new MapEntry(k, v));
            s = TrieOrder.next(root, k, 4, prefixLen(k, 0));
        }
        return out;
    }

    /** The key {@code get_next_key} reports for the prefix in {@code slot}. */
    private byte[] encode(int slot) {
        byte[] k = new byte[4 + dataSize];
        U32.set(k, 0, trie.prefixes().len(slot));
        trie.prefixes().copyData(slot, k, 4);
        return k;
    }

    // ---------------------------------------------------------------- inspection

    RqSpinLock trieLock() {
        return lock;
    }

    int count() {
        return count;
    }
}
