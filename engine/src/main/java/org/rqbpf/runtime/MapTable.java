package org.rqbpf.runtime;

import java.util.List;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;
import org.rqbpf.maps.BpfMap;

/**
 * The maps of one loaded file and their map pointers. A map pointer ({@code rD = MAP ll}) is an address
 * inside one small read-only region per file, 8 bytes per map, so a helper resolves it with one compare
 * and one shift; a program cannot forge one for another file's map.
 */
public final class MapTable {
    private static final int STRIDE = 8;

    private final List<BpfMap> maps;
    private final Region handles;

    public MapTable(Memory memory, String fileName, List<BpfMap> maps) {
        this.maps = List.copyOf(maps);
        this.handles = memory.allocate("maps of " + fileName, RegionKind.MAP_INTERNAL,
                Math.max(1, maps.size()) * STRIDE, true);
    }

    /** The maps, indexed by {@link org.rqbpf.program.MapDef#index()}. */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The map named {@code name}, or null. */
    public BpfMap byName(String name) {
        for (BpfMap m : maps) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The pointer programs hold for map {@code index}. */
    public long pointer(int index) {
        if (index < 0 || index >= maps.size()) {
            throw new IllegalArgumentException("no map with index " + index);
        }
        return handles.pointer(index * STRIDE);
    }

    /** The map a map pointer names, or null when {@code pointer} is not one of this file's map pointers. */
    public BpfMap byPointer(long pointer) {
        if (Memory.regionId(pointer) != handles.id()) {
            return null;
        }
        int off = Memory.offset(pointer);
        if (off % STRIDE != 0 || off / STRIDE >= maps.size()) {
            return null;
        }
        return maps.get(off / STRIDE);
    }
}
