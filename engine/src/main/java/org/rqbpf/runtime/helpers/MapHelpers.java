package org.rqbpf.runtime.helpers;

import org.rqbpf.maps.BpfMap;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.MapTable;

/** Helpers 1-3: {@code bpf_map_lookup_elem}, {@code bpf_map_update_elem}, {@code bpf_map_delete_elem}. */
final class MapHelpers {
    private MapHelpers() {}

    static NativeFunction lookup(MapTable maps) {
        return (run, r1, r2, r3, r4, r5) -> map(run, maps, r1).lookupAt(run.memory(), r2);
    }

    static NativeFunction update(MapTable maps) {
        return (run, r1, r2, r3, r4, r5) -> map(run, maps, r1).updateAt(run.memory(), r2, r3, r4);
    }

    static NativeFunction delete(MapTable maps) {
        return (run, r1, r2, r3, r4, r5) -> map(run, maps, r1).deleteAt(run.memory(), r2);
    }

    private static BpfMap map(BpfRun run, MapTable maps, long pointer) {
        BpfMap m = maps.byPointer(pointer);
        if (m == null) {
            throw run.fault(String.format("0x%016x is not a map pointer", pointer));
        }
        return m;
    }
}
