package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Helper;
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

    /**
     * Helper {@code id} bound to {@code map}, for a call the verifier proved to pass that map (the map
     * pointer in r1 is then not read), or null when {@code id} is not a map element helper. The map is a
     * constant of the function, so a JIT call site calls that map's own code, as Linux's JIT does.
     */
    static NativeFunction boundTo(int id, BpfMap map) {
        if (id == Helper.MAP_LOOKUP_ELEM.id()) {
            return (run, r1, r2, r3, r4, r5) -> map.lookupAt(run.memory(), r2);
        }
        if (id == Helper.MAP_UPDATE_ELEM.id()) {
            return (run, r1, r2, r3, r4, r5) -> map.updateAt(run.memory(), r2, r3, r4);
        }
        if (id == Helper.MAP_DELETE_ELEM.id()) {
            return (run, r1, r2, r3, r4, r5) -> map.deleteAt(run.memory(), r2);
        }
        return null;
    }

    private static BpfMap map(BpfRun run, MapTable maps, long pointer) {
        BpfMap m = maps.byPointer(pointer);
        if (m == null) {
            throw run.fault(String.format("0x%016x is not a map pointer", pointer));
        }
        return m;
    }
}
