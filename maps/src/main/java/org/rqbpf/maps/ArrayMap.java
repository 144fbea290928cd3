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
import org.rqbpf.program.MapDef;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY} (the kernel's {@code arraymap.c}):
 * {@code max_entries} values of {@code valueSize} rounded up to 8 bytes, key = u32 index, all in one
 * region, updated in place without any map lock (a value lock, if any, is the program's). Per-CPU arrays
 * keep one block of {@code max_entries} values per CPU; programs see the current CPU's.
 *
 * <p>Data sections ({@code .data}, {@code .bss}, {@code .rodata}, {@code .data.X}) are one-element arrays
 * holding the section's initial bytes; {@code .rodata} lives in a region that is read-only to programs
 * (host updates still write it, as the kernel allows before the map is frozen).
 */
public final class ArrayMap implements BpfMap {
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final MapDef def;
    private final SimMachine machine;
    private final Memory memory;
    private final MapStats stats;
    private final ValueLayout layout;
    private final boolean percpu;
    private final int cpus;
    private final int maxEntries;
    private final Region region;
    private final byte[] bytes;

    ArrayMap(MapDef def, SimMachine machine, Memory memory) {
        this.def = def;
        this.machine = machine;
        this.memory = memory;
        this.cpus = machine.cpuCount();
        this.stats = new MapStats(cpus);
        this.layout = new ValueLayout(def);
        this.percpu = def.type().isPerCpu();
        this.maxEntries = def.maxEntries();
        long size = (long) layout.stride * maxEntries * (percpu ? cpus : 1);
        if (size > Integer.MAX_VALUE - 8) {
            throw new MapCreationException(Errno.E2BIG, "map '" + def.name() + "' needs " + size + " bytes");
        }
        this.region = memory.allocate("map " + def.name(), def.isDataSection() ? RegionKind.GLOBAL : RegionKind.MAP_VALUE,
                (int) size, def.readOnlyForPrograms());
        this.bytes = region.bytes();
        if (def.initialValue() != null) {
            System.arraycopy(def.initialValue(), 0, bytes, 0, layout.size);
            layout.zeroLocks(bytes, 0);
        }
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

    /** The region holding every value (its read-only flag is the program's view of {@code .rodata}). */
    public Region region() {
        return region;
    }

    /** Pointer to value {@code index} (CPU 0's slot for per-CPU arrays): a data section's globals base. */
    public long valuePointer(int index) {
        return region.pointer(offset(0, index));
    }

    private int offset(int cpu, int index) {
        return (cpu * maxEntries + index) * layout.stride;
    }

    private static long index(byte[] key, int off) {
        return Integer.toUnsignedLong((int) U32.get(key, off));
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookup(byte[] key, int keyOff) {
        SimCpu cpu = SimCpu.current();
        stats.count(cpu, MapStats.Counter.LOOKUP);
        long i = index(key, keyOff);
        if (i >= maxEntries) {
            return 0;
        }
        return region.pointer(offset(percpu ? cpu.id() : 0, (int) i));
    }

    @Override
    public int update(byte[] key, int keyOff, byte[] value, int valueOff, long flags) {
        return update(SimCpu.current(), key, keyOff, value, valueOff, flags, false);
    }

    private int update(SimCpu cpu, byte[] key, int ko, byte[] value, int vo, long flags, boolean host) {
        stats.count(cpu, MapStats.Counter.UPDATE);
        if (percpu ? UpdateFlags.invalidWithoutLock(flags) : UpdateFlags.invalidWithLock(flags)) {
            return -Errno.EINVAL;
        }
        long i = index(key, ko);
        if (i >= maxEntries) {
            return -Errno.E2BIG;
        }
        if (UpdateFlags.check(true, flags) != 0) {
            return -Errno.EEXIST;
        }
        boolean fLock = UpdateFlags.lock(flags);
        if (fLock && !layout.hasSpinLock()) {
            return -Errno.EINVAL;
        }
        int idx = (int) i;
        if (!percpu) {
            if (fLock) {
                layout.copyInLocked(memory, cpu, region, offset(0, idx), value, vo);
            } else {
                layout.copyIn(value, vo, bytes, offset(0, idx));
            }
        } else if (!host) {
            layout.copyIn(value, vo, bytes, offset(cpu.id(), idx));
        } else {
            for (int c = 0; c < cpus; c++) {
                layout.copyIn(value, vo + c * layout.stride, bytes, offset(c, idx));
            }
        }
        return 0;
    }

    @Override
    public int delete(byte[] key, int keyOff) {
        stats.count(SimCpu.current(), MapStats.Counter.DELETE);
        return -Errno.EINVAL;
    }

    // ---------------------------------------------------------------- host side

    @Override
    public byte[] lookup(byte[] key) {
        HostArgs.checkKey(this, key);
        return HostCpu.call(machine, () -> {
            stats.count(SimCpu.current(), MapStats.Counter.LOOKUP);
            long i = index(key, 0);
            return i < maxEntries ? copyOut((int) i) : null;
        });
    }

    private byte[] copyOut(int idx) {
        byte[] out = new byte[hostValueSize()];
        for (int c = 0; c < (percpu ? cpus : 1); c++) {
            layout.copyOut(bytes, offset(c, idx), out, c * layout.stride);
        }
        return out;
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
        return HostCpu.call(machine, () -> delete(key, 0));
    }

    @Override
    public byte[] nextKey(byte[] key) {
        if (key != null) {
            HostArgs.checkKey(this, key);
        }
        long i = key == null ? -1 : index(key, 0);
        long next = i >= maxEntries ? 0 : i + 1;
        if (next >= maxEntries) {
            return null;
        }
        byte[] out = new byte[4];
        U32.set(out, 0, (int) next);
        return out;
    }

    @Override
    public List<MapEntry> dump() {
        return HostCpu.call(machine, () -> {
            List<MapEntry> out = new ArrayList<>(maxEntries);
            for (int i = 0; i < maxEntries; i++) {
                byte[] k = new byte[4];
                U32.set(k, 0, i);
                out.add(new MapEntry(k, copyOut(i)));
            }
            return out;
        });
    }
}
