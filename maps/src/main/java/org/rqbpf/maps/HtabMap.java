package org.rqbpf.maps;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;

/**
 * {@code BPF_MAP_TYPE_HASH} and {@code BPF_MAP_TYPE_PERCPU_HASH} (the kernel's {@code hashtab.c}).
 *
 * <p>Update and delete take the bucket's {@link RqSpinLock} with irqsave and pass its {@code -EDEADLK} /
 * {@code -ETIMEDOUT} back unchanged; while it is held, an update fires the {@code htab_map_update_elem}
 * hook point and both run an interrupt point, so a nested context on the same CPU that touches the same
 * bucket gets {@code -EDEADLK} while any other bucket works. A new key takes an element from the
 * {@link ElementPool}; replacing a key links a fresh copy before unlinking the old one, so lock-free
 * readers ({@link HtabBuckets}) see either; per-CPU maps and {@code BPF_F_LOCK} update in place, as the
 * kernel does. Program updates of a per-CPU map write the current CPU's slot (a new element's other slots
 * start zeroed); host updates write every slot.
 */
final class HtabMap implements BpfMap {
    private final MapDef def;
    private final SimMachine machine;
    private final Memory memory;
    private final MapHooks hooks;
    private final MapStats stats;
    private final boolean percpu;
    private final int cpus;
    private final int keySize;
    private final ValueLayout layout;
    private final ElementStore store;
    private final HtabBuckets buckets;
    private final ElementPool pool;

    HtabMap(MapDef def, SimMachine machine, Memory memory, MapHooks hooks) {
        this.def = def;
        this.machine = machine;
        this.memory = memory;
        this.hooks = hooks;
        this.cpus = machine.cpuCount();
        this.stats = new MapStats(cpus);
        this.percpu = def.type().isPerCpu();
        this.keySize = def.keySize();
        this.layout = new ValueLayout(def);
        int valueBytes = percpu ? Math.multiplyExact(layout.stride, cpus) : layout.stride;
        boolean prealloc = (def.flags() & MapFlags.BPF_F_NO_PREALLOC) == 0;
        int capacity = prealloc ? PreallocPool.capacity(def.maxEntries(), cpus) : OnDemandPool.capacity(def.maxEntries());
        this.store = new ElementStore(memory, def.name(), keySize, valueBytes, capacity, prealloc);
        this.buckets = new HtabBuckets(machine, def.maxEntries(), store);
        this.pool = prealloc ? new PreallocPool(machine, store, def.maxEntries(), stats)
                : new OnDemandPool(machine, store, def.maxEntries());
    }

    @Override
    public MapDef def() {
        return def;
    }

    @Override
    public int hostValueSize() {
        return percpu ? cpus * layout.stride : layout.size;
    }

    @Override
    public MapStats stats() {
        return stats;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(byte[] key, int keyOff) {
        SimCpu cpu = SimCpu.current();
        stats.count(cpu, MapStats.Counter.LOOKUP);
        int e = buckets.find(KeyHash.hash(key, keyOff, keySize), key, keyOff);
        if (e < 0) {
            return 0;
        }
        long p = store.valuePointer(e);
        return percpu ? p + (long) cpu.id() * layout.stride : p;
    }

    @Override
    public int update(byte[] key, int keyOff, byte[] value, int valueOff, long flags) {
        return update(SimCpu.current(), key, keyOff, value, valueOff, flags, false);
    }

    @Override
    public int delete(byte[] key, int keyOff) {
        return delete(SimCpu.current(), key, keyOff);
    }

    // ---------------------------------------------------------------- update and delete

    private int update(SimCpu cpu, byte[] key, int ko, byte[] value, int vo, long flags, boolean host) {
        stats.count(cpu, MapStats.Counter.UPDATE);
        if (percpu ? UpdateFlags.invalidWithoutLock(flags) : UpdateFlags.invalidWithLock(flags)) {
            return -Errno.EINVAL;
        }
        int hash = KeyHash.hash(key, ko, keySize);
        boolean fLock = UpdateFlags.lock(flags);
        if (fLock) {
            if (!layout.hasSpinLock()) {
                return -Errno.EINVAL;
            }
            // Like the kernel: an existing element is updated under its value lock alone.
            int e = buckets.find(hash, key, ko);
            int r = UpdateFlags.check(e >= 0, flags);
            if (r != 0) {
                return r;
            }
            if (e >= 0) {
                layout.copyInLocked(memory, cpu, store.region(e), store.valueOffset(e), value, vo);
                return 0;
            }
        }
        int b = buckets.bucket(hash);
        RqSpinLock lock = buckets.lock(b);
        long irq = lock.lockIrqSave(cpu);
        if (irq < 0) {
            stats.lockFailed(cpu, (int) irq);
            return (int) irq;
        }
        int r;
        int old;
        int fresh = -1;
        try {
            hooks.fireHtabUpdate(this, key, ko, value, vo, flags);
            cpu.interruptPoint();
            old = buckets.findLocked(b, hash, key, ko);
            r = UpdateFlags.check(old >= 0, flags);
            if (r == 0) {
                if (old >= 0 && fLock) {
                    layout.copyInLocked(memory, cpu, store.region(old), store.valueOffset(old), value, vo);
                } else if (old >= 0 && percpu) {
                    copyPercpu(cpu, old, value, vo, host);
                } else {
                    fresh = old >= 0 ? pool.allocReplace(cpu, old) : pool.allocNew(cpu);
                    if (fresh < 0) {
                        r = fresh;
                    } else {
                        init(cpu, fresh, hash, key, ko, value, vo, host);
                        buckets.linkHead(b, fresh);
                        if (old >= 0) {
                            buckets.unlink(b, old);
                        }
                    }
                }
            }
        } finally {
            lock.unlockIrqRestore(cpu, irq);
        }
        if (fresh >= 0 && old >= 0) {
            pool.releaseReplaced(cpu, old);
        }
        return r;
    }

    /** Writes a fresh element under the sequence protocol of {@link ElementStore}. */
    private void init(SimCpu cpu, int e, int hash, byte[] key, int ko, byte[] value, int vo, boolean host) {
        ElementStore.Chunk ch = store.chunk(e);
        int i = store.index(e);
        ElementStore.writeBegin(ch, i);
        store.setKey(ch, i, hash, key, ko);
        byte[] vals = ch.values;
        int base = store.valueOffsetIn(i);
        if (!percpu) {
            layout.init(value, vo, vals, base);
        } else {
            for (int c = 0; c < cpus; c++) {
                int slot = base + c * layout.stride;
                if (host) {
                    layout.init(value, vo + c * layout.stride, vals, slot);
                } else if (c == cpu.id()) {
                    layout.init(value, vo, vals, slot);
                } else {
                    layout.clear(vals, slot);
                }
            }
        }
        ElementStore.writeEnd(ch, i);
    }

    private void copyPercpu(SimCpu cpu, int e, byte[] value, int vo, boolean host) {
        byte[] vals = store.values(e);
        int base = store.valueOffset(e);
        if (!host) {
            layout.copyIn(value, vo, vals, base + cpu.id() * layout.stride);
            return;
        }
        for (int c = 0; c < cpus; c++) {
            layout.copyIn(value, vo + c * layout.stride, vals, base + c * layout.stride);
        }
    }

    private int delete(SimCpu cpu, byte[] key, int ko) {
        stats.count(cpu, MapStats.Counter.DELETE);
        int hash = KeyHash.hash(key, ko, keySize);
        int b = buckets.bucket(hash);
        RqSpinLock lock = buckets.lock(b);
        long irq = lock.lockIrqSave(cpu);
        if (irq < 0) {
            stats.lockFailed(cpu, (int) irq);
            return (int) irq;
        }
        int e;
        try {
            cpu.interruptPoint();
            e = buckets.findLocked(b, hash, key, ko);
            if (e >= 0) {
                buckets.unlink(b, e);
            }
        } finally {
            lock.unlockIrqRestore(cpu, irq);
        }
        if (e < 0) {
            return -Errno.ENOENT;
        }
        pool.free(cpu, e);
        return 0;
    }

    // ---------------------------------------------------------------- host side

    @Override
    public byte[] lookup(byte[] key) {
        HostArgs.checkKey(this, key);
        return HostCpu.call(machine, () -> {
            stats.count(SimCpu.current(), MapStats.Counter.LOOKUP);
            int hash = KeyHash.hash(key, 0, keySize);
            while (true) {
                int e = buckets.find(hash, key, 0);
                if (e < 0) {
                    return null;
                }
                byte[] out = new byte[hostValueSize()];
                if (copyValidated(e, key, null, out)) {
                    return out;
                }
            }
        });
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        HostArgs.checkKey(this, key);
        HostArgs.checkValue(this, value);
        return HostCpu.call(machine, () -> update(SimCpu.current(), key, 0, value, 0, flags, true));
    }

    @Override
    public int delete(byte[] key) {
        HostArgs.checkKey(this, key);
        return HostCpu.call(machine, () -> delete(SimCpu.current(), key, 0));
    }

    @Override
    public byte[] nextKey(byte[] key) {
        if (key != null) {
            HostArgs.checkKey(this, key);
        }
        return HostCpu.call(machine, () -> {
            stats.count(SimCpu.current(), MapStats.Counter.NEXT_KEY);
            byte[] out = new byte[keySize];
            int from = 0;
            if (key != null) {
                int hash = KeyHash.hash(key, 0, keySize);
                int e = buckets.find(hash, key, 0);
                if (e >= 0) {
                    for (int n = store.next(e); n >= 0; n = store.next(n)) {
                        if (copyValidated(n, null, out, null)) {
                            return out;
                        }
                    }
                    from = buckets.bucket(hash) + 1;
                }
            }
            for (int b = from; b < buckets.count(); b++) {
                for (int e = buckets.head(b); e >= 0; e = store.next(e)) {
                    if (copyValidated(e, null, out, null)) {
                        return out;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public List<MapEntry> dump() {
        return HostCpu.call(machine, () -> {
            List<MapEntry> out = new ArrayList<>();
            for (int b = 0; b < buckets.count(); b++) {
                for (int e = buckets.head(b); e >= 0; e = store.next(e)) {
                    byte[] k = new byte[keySize];
                    byte[] v = new byte[hostValueSize()];
                    if (copyValidated(e, null, k, v)) {
                        out.add(new MapEntry(k, v));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Copies element {@code e}'s key into {@code keyOut} and/or its value into {@code valueOut} under the
     * sequence check; with {@code expectKey} the key must still be that one. False if it changed.
     */
    private boolean copyValidated(int e, byte[] expectKey, byte[] keyOut, byte[] valueOut) {
        int s = store.readBegin(e);
        if ((s & 1) != 0 || (expectKey != null && !store.keyEquals(e, expectKey, 0))) {
            return false;
        }
        if (keyOut != null) {
            store.copyKey(e, keyOut);
        }
        if (valueOut != null) {
            byte[] vals = store.values(e);
            int base = store.valueOffset(e);
            int slots = percpu ? cpus : 1;
            for (int c = 0; c < slots; c++) {
                layout.copyOut(vals, base + c * layout.stride, valueOut, c * layout.stride);
            }
        }
        return store.readValid(e, s);
    }

    // ---------------------------------------------------------------- inspection (tests, reports)

    /** Elements the pool counts as in the map. */
    int elementCount() {
        return pool.count();
    }

    /** Elements ready for reuse (free lists and spares, or retired and fresh on-demand slots). */
    int availableElements() {
        return pool.available();
    }

    /** Every internal lock: bucket locks, then free-list locks. */
    List<RqSpinLock> internalLocks() {
        List<RqSpinLock> out = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            out.add(buckets.lock(b));
        }
        if (pool instanceof PreallocPool p) {
            out.addAll(List.of(p.freelist().locks()));
        }
        return out;
    }

    /** Bucket index of a key (tests pick keys in the same or different buckets). */
    int bucketOf(byte[] key) {
        return buckets.bucket(KeyHash.hash(key, 0, keySize));
    }

    PcpuFreelist freelist() {
        return pool instanceof PreallocPool p ? p.freelist() : null;
    }
}
