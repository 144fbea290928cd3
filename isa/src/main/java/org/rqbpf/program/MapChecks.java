package org.rqbpf.program;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;

/**
 * The checks the kernel makes when it creates a map, in its order: the map type's attribute checks
 * ({@code map_alloc_check}), then the BTF checks of the value ({@code map_check_btf}), which hold the
 * lock placement rules of verifier-rules.md §3.1. Each map reports its first failure, with the errno
 * the kernel would return. Before any map, {@link #btfLoad} checks what loading the file's BTF checks.
 */
public final class MapChecks {
    /** {@code MAX_BPF_STACK}: the largest hash key a program can pass. */
    private static final int MAX_HASH_KEY = 512;
    /** {@code PCPU_MIN_UNIT_SIZE}: the largest per-CPU value. */
    private static final int MAX_PERCPU_VALUE = 32768;
    private static final int LPM_PREFIX_BYTES = 4;
    private static final int LPM_MAX_DATA_BYTES = 256;

    private MapChecks() {}

    /**
     * What loading a file with these maps fails with: the file's BTF load error alone (no map is created
     * then), else each map's creation error, in declaration order.
     */
    public static List<Diagnostic> loadErrors(List<MapDef> maps) {
        Diagnostic btf = btfLoad(maps);
        if (btf != null) {
            return List.of(btf);
        }
        List<Diagnostic> out = new ArrayList<>();
        for (MapDef m : maps) {
            Diagnostic d = check(m);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** The map's creation error, or null when the kernel would create it. */
    public static Diagnostic check(MapDef m) {
        Diagnostic d = attributes(m);
        return d != null ? d : btf(m);
    }

    private static Diagnostic attributes(MapDef m) {
        String name = m.name();
        MapType t = m.type();
        if (m.maxEntries() == 0) {
            return err(m, Errno.EINVAL, "map '" + name + "': max_entries must not be 0");
        }
        if (m.keySize() == 0) {
            return err(m, Errno.EINVAL, "map '" + name + "': key_size must not be 0");
        }
        if (m.valueSize() == 0) {
            return err(m, Errno.EINVAL, "map '" + name + "': value_size must not be 0");
        }
        int known = MapFlags.CREATION_FLAGS;
        if ((m.flags() & ~known) != 0) {
            return err(m, Errno.EINVAL, String.format("map '%s': unsupported map_flags 0x%x", name, m.flags() & ~known));
        }
        int both = MapFlags.BPF_F_RDONLY_PROG | MapFlags.BPF_F_WRONLY_PROG;
        if ((m.flags() & both) == both || (m.flags() & (MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_WRONLY))
                == (MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_WRONLY)) {
            return err(m, Errno.EINVAL, "map '" + name + "': map_flags 0x" + Integer.toHexString(m.flags())
                    + " make it both read-only and write-only");
        }
        boolean noPrealloc = (m.flags() & MapFlags.BPF_F_NO_PREALLOC) != 0;
        switch (t) {
            case ARRAY, PERCPU_ARRAY -> {
                if (m.keySize() != 4) {
                    return err(m, Errno.EINVAL, "map '" + name + "' of type " + t.spelling() + " needs a 4-byte key, not " + m.keySize());
                }
                if (noPrealloc) {
                    return err(m, Errno.EINVAL, "map '" + name + "' of type " + t.spelling() + " does not support BPF_F_NO_PREALLOC");
                }
            }
            case HASH, PERCPU_HASH -> {
                if (m.keySize() > MAX_HASH_KEY) {
                    return err(m, Errno.E2BIG, "map '" + name + "': key_size " + m.keySize() + " exceeds the stack limit of " + MAX_HASH_KEY);
                }
            }
            case LPM_TRIE -> {
                Diagnostic d = lpm(m, noPrealloc);
                if (d != null) {
                    return d;
                }
            }
        }
        if (t.isPerCpu() && m.valueSize() > MAX_PERCPU_VALUE) {
            return err(m, Errno.E2BIG, "map '" + name + "': per-CPU value_size " + m.valueSize() + " exceeds " + MAX_PERCPU_VALUE);
        }
        return null;
    }

    private static Diagnostic lpm(MapDef m, boolean noPrealloc) {
        String name = m.name();
        if (!noPrealloc) {
            return err(m, Errno.EINVAL, "map '" + name + "' of type BPF_MAP_TYPE_LPM_TRIE needs map_flags BPF_F_NO_PREALLOC");
        }
        int data = m.keySize() - LPM_PREFIX_BYTES;
        if (data < 1 || data > LPM_MAX_DATA_BYTES) {
            return err(m, Errno.EINVAL, "map '" + name + "' of type BPF_MAP_TYPE_LPM_TRIE needs a key of a u32 prefixlen and 1 to "
                    + LPM_MAX_DATA_BYTES + " data bytes, not " + m.keySize() + " bytes");
        }
        if (m.keyType() != null && !startsWithPrefixLen(m.keyType())) {
            return err(m, Errno.EINVAL, "map '" + name + "' of type BPF_MAP_TYPE_LPM_TRIE needs a key struct that starts with "
                    + "a u32 prefixlen followed by the data bytes, not '" + m.keyType().spelling() + "'");
        }
        return null;
    }

    private static boolean startsWithPrefixLen(CType key) {
        if (!(key instanceof CType.Struct s) || s.fields().size() < 2) {
            return false;
        }
        CType.Field first = s.fields().get(0);
        return first.offset() == 0 && first.type() instanceof CType.Scalar sc && sc.size() == 4 && !sc.signed();
    }

    /**
     * The lock part of {@code map_check_btf}: the placement rules of a valid lock record. A value whose
     * record is invalid (two locks of a kind, both kinds, an array of locks) still makes a map, one
     * without a lock field ({@link LockRecord}); Linux does not look for locks in the key.
     */
    private static Diagnostic btf(MapDef m) {
        List<LockField> locks = m.lockFields();
        if (locks.isEmpty()) {
            return null;
        }
        String name = m.name();
        String lockType = struct(locks.get(0).kind().typeName());
        if (m.readOnlyForPrograms()) {
            return err(m, Errno.EACCES, "map '" + name + "' is read-only to programs and cannot hold '" + lockType + "'");
        }
        if (m.type() != MapType.HASH && m.type() != MapType.ARRAY) {
            return err(m, Errno.EOPNOTSUPP, "map '" + name + "' of type " + m.type().spelling() + " cannot hold '" + lockType + "'");
        }
        return null;
    }

    /**
     * The failure of loading the file's BTF, which comes before any map is created, or null: a struct
     * with a direct {@code struct bpf_spin_lock} member whose lock record is invalid
     * ({@link LockRecord#btfLoadError}). Reported at the first map whose key or value reaches it.
     */
    public static Diagnostic btfLoad(List<MapDef> maps) {
        for (MapDef m : maps) {
            LockRecord r = LockRecord.btfLoadError(m.keyType(), true);
            if (r == null) {
                r = LockRecord.btfLoadError(m.valueType(), !m.isDataSection());
            }
            if (r != null) {
                return err(m, r.errno(), "BTF of map '" + m.name() + "' does not load: " + r.problem());
            }
        }
        return null;
    }

    private static String struct(String tag) {
        return "struct " + tag;
    }

    private static Diagnostic err(MapDef m, int errno, String message) {
        return new Diagnostic(m.pos(), errno, message);
    }
}
