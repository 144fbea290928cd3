package org.rqbpf.runtime.load;

import org.rqbpf.maps.BpfMap;
import org.rqbpf.runtime.MapTable;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.helpers.RuntimeHelpers;

/**
 * Links the programs of one loaded file: the runtime's helpers and kfuncs, the file's map pointers, and
 * the addresses of global variables (inside the one value of their section's ARRAY map, which never
 * moves).
 */
final class FileLinker implements Linker {
    private final MapTable maps;
    private final RuntimeHelpers helpers;

    FileLinker(MapTable maps, RuntimeHelpers helpers) {
        this.maps = maps;
        this.helpers = helpers;
    }

    @Override
    public NativeFunction helper(int id) {
        return helpers.helper(id);
    }

    @Override
    public NativeFunction helperFor(int id, int mapIndex) {
        return helpers.helperFor(id, maps.maps().get(mapIndex));
    }

    @Override
    public NativeFunction kfunc(int id) {
        return helpers.kfunc(id);
    }

    @Override
    public long mapPointer(int index) {
        return maps.pointer(index);
    }

    @Override
    public long mapValueAddress(int index, int offset) {
        maps.pointer(index);
        BpfMap m = maps.maps().get(index);
        if (offset < 0 || offset >= m.valueSize()) {
            throw new IllegalArgumentException("offset " + offset + " outside the value of map '" + m.name() + "'");
        }
        long value = m.lookup(new byte[m.keySize()], 0);
        if (value == 0) {
            throw new IllegalArgumentException("map '" + m.name() + "' has no first value");
        }
        return value + offset;
    }
}
