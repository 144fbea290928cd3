package org.rqbpf.maps;

import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;

/**
 * A checked byte range of simulated memory resolved to its backing array: what the pointer forms of
 * {@link BpfMap} hand to the in-place operations. The first and last byte are loaded through
 * {@link Memory#load}, so a bad pointer raises the kernel's own {@code MemoryFault}.
 */
record MemoryRange(byte[] bytes, int offset) {
    static MemoryRange of(Memory memory, long ptr, int size) {
        memory.load(ptr, 1);
        memory.load(ptr + size - 1, 1);
        Region r = memory.regionOf(ptr);
        int off = Memory.offset(ptr);
        if (Memory.regionId(ptr + size - 1) != r.id()) {
            // Only reachable with an offset that wraps past 2^32; the load above of that byte faults.
            throw new IllegalStateException("range wraps its region: 0x" + Long.toHexString(ptr));
        }
        return new MemoryRange(r.bytes(), off);
    }
}
