package org.rqbpf.maps;

import java.util.Objects;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/**
 * Creates maps from declarations, checking what the kernel checks at map creation. The maps one factory
 * creates share its {@link MapHooks}, so a kprobe attached to {@code htab_map_update_elem} fires for
 * every hash map of the loaded object.
 */
public final class MapFactory {
    /** The kernel's {@code LPM_DATA_SIZE_MAX}. */
    public static final int LPM_DATA_SIZE_MAX = 256;

    private final SimMachine machine;
    private final Memory memory;
    private final MapHooks hooks;

    public MapFactory(SimMachine machine, Memory memory, MapHooks hooks) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /** A factory on the machine's own memory with a fresh hook registry. */
    public MapFactory(SimMachine machine) {
        this(machine, machine.memory(), new MapHooks());
    }

    /** The hook registry of this factory's maps. */
    public MapHooks hooks() {
        return hooks;
    }

    /** One map, with its own hook registry. */
    public static BpfMap create(MapDef def, SimMachine machine, Memory memory) {
        return new MapFactory(machine, memory, new MapHooks()).create(def);
    }

    /**
     * Builds the map {@code def} declares.
     *
     * @throws MapCreationException for what the kernel refuses (zero sizes, bad key sizes, flags)
     */
    public BpfMap create(MapDef def) {
        check(def);
        return switch (def.type()) {
            case HASH, PERCPU_HASH -> new HtabMap(def, machine, memory, hooks);
            case ARRAY, PERCPU_ARRAY -> new ArrayMap(def, machine, memory);
            case LPM_TRIE -> new LpmTrieMap(def, machine, memory, hooks);
        };
    }

    private static void check(MapDef def) {
        String what = "map '" + def.name() + "'";
        if (def.keySize() <= 0 || def.valueSize() <= 0 || def.maxEntries() <= 0) {
            throw new MapCreationException(Errno.EINVAL, what + ": key size, value size and max_entries must be positive");
        }
        int known = MapFlags.CREATION_FLAGS;
        if ((def.flags() & ~known) != 0) {
            throw new MapCreationException(Errno.EINVAL, what + ": unknown map flags 0x" + Integer.toHexString(def.flags()));
        }
        MapType t = def.type();
        if (t.isArray() && def.keySize() != 4) {
            throw new MapCreationException(Errno.EINVAL, what + ": array keys are 4 bytes");
        }
        if (t.isArray() && (def.flags() & MapFlags.BPF_F_NO_PREALLOC) != 0) {
            throw new MapCreationException(Errno.EINVAL, what + ": arrays are always preallocated");
        }
        if (t == MapType.LPM_TRIE) {
            int data = def.keySize() - 4;
            if (data < 1 || data > LPM_DATA_SIZE_MAX) {
                throw new MapCreationException(Errno.EINVAL, what + ": LPM key is a u32 prefix length and 1.."
                        + LPM_DATA_SIZE_MAX + " data bytes");
            }
        }
        if (def.initialValue() != null && def.initialValue().length != def.valueSize()) {
            throw new MapCreationException(Errno.EINVAL, what + ": initial value has " + def.initialValue().length
                    + " bytes, not " + def.valueSize());
        }
    }
}
