package org.rqbpf.maps;

import java.util.List;
import org.rqbpf.kernel.Memory;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapType;

/**
 * A BPF map as the runtime's helpers and the host (CLI, tests, workload) use it (runtime.md "Maps").
 *
 * <p><b>Program side</b> ({@link #lookup(byte[], int)}, {@link #update(byte[], int, byte[], int, long)},
 * {@link #delete(byte[], int)}): keys and values are read in place from program memory (the backing
 * array of the stack or map-value region a pointer resolves to, plus an offset), so the hot path does not
 * allocate; the caller runs on a simulated CPU. A lookup returns a 64-bit pointer into map memory (the
 * current CPU's slot for per-CPU maps) or 0. Updates and deletes return 0 or a negative errno.
 *
 * <p><b>Host side</b> (byte-array overloads, {@link #nextKey}, {@link #dump}): copies in and out, through
 * the same locked paths; the calling thread may be unbound, in which case the call binds a free CPU for
 * its duration. For per-CPU maps host values hold every CPU's slot, each {@code valueSize} rounded up
 * to 8 bytes ({@link #hostValueSize()}), as the kernel's syscall interface does. Host lookups report the
 * bytes of lock fields as 0; no update copies them (verifier-rules.md §3.1).
 */
public interface BpfMap {
    /** The declaration this map was created from. */
    MapDef def();

    /** The map's name, as messages print it. */
    default String name() {
        return def().name();
    }

    /** The map type. */
    default MapType type() {
        return def().type();
    }

    /** Key size in bytes. */
    default int keySize() {
        return def().keySize();
    }

    /** Value size in bytes as declared (one CPU's slot for per-CPU maps). */
    default int valueSize() {
        return def().valueSize();
    }

    /** Size of the value buffer host callers pass and receive. */
    int hostValueSize();

    /** Operation and lock-failure counters. */
    MapStats stats();

    // ---------------------------------------------------------------- program side

    /** {@code bpf_map_lookup_elem}: pointer to the value (current CPU's slot for per-CPU maps) or 0. */
    long lookup(byte[] key, int keyOff);

    /** {@code bpf_map_update_elem} with a program's value ({@code valueSize} bytes at {@code valueOff}). */
    int update(byte[] key, int keyOff, byte[] value, int valueOff, long flags);

    /** {@code bpf_map_delete_elem}. */
    int delete(byte[] key, int keyOff);

    /** {@link #lookup(byte[], int)} with the key at a simulated pointer (checked against its region). */
    default long lookupAt(Memory memory, long keyPtr) {
        MemoryRange k = MemoryRange.of(memory, keyPtr, keySize());
        return lookup(k.bytes(), k.offset());
    }

    /** {@link #update(byte[], int, byte[], int, long)} with key and value at simulated pointers. */
    default int updateAt(Memory memory, long keyPtr, long valuePtr, long flags) {
        MemoryRange k = MemoryRange.of(memory, keyPtr, keySize());
        MemoryRange v = MemoryRange.of(memory, valuePtr, valueSize());
        return update(k.bytes(), k.offset(), v.bytes(), v.offset(), flags);
    }

    /** {@link #delete(byte[], int)} with the key at a simulated pointer. */
    default int deleteAt(Memory memory, long keyPtr) {
        MemoryRange k = MemoryRange.of(memory, keyPtr, keySize());
        return delete(k.bytes(), k.offset());
    }

    // ---------------------------------------------------------------- host side

    /** A copy of the value of {@code key} ({@link #hostValueSize()} bytes, lock fields as 0), or null. */
    byte[] lookup(byte[] key);

    /** Update from the host; {@code value} has {@link #hostValueSize()} bytes. */
    int update(byte[] key, byte[] value, long flags);

    /** Delete from the host. */
    int delete(byte[] key);

    /**
     * {@code BPF_MAP_GET_NEXT_KEY}: the key after {@code key} in the map's iteration order, or the first
     * key when {@code key} is null or absent; null when there is none ({@code -ENOENT}).
     */
    byte[] nextKey(byte[] key);

    /** Every entry, in {@link #nextKey} order, values as host lookups report them. */
    List<MapEntry> dump();
}
