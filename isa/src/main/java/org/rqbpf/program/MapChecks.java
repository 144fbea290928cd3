package org.rqbpf.program;

import java.util.List;
import org.rqbpf.abi.Errno;

/**
 * The checks the kernel makes when it creates a map, in its order: the map type's attribute checks
 * ({@code map_alloc_check}), then the BTF checks of key and value ({@code map_check_btf}), which hold
 * the lock placement rules of verifier-rules.md §3.1. Each map reports its first failure, with the
 * errno the kernel would return.
 */
public final class MapChecks {
    /** {@code MAX_BPF_STACK}: the largest hash key a program can pass. */
    private static final int MAX_HASH_KEY = 512;
    /** {@code PCPU_MIN_UNIT_SIZE}: the largest per-CPU value. */
    private static final int MAX_PERCPU_VALUE = 32768;
    private static final int LPM_PREFIX_BYTES = 4;
    private static final int LPM_MAX_DATA_BYTES = 256;

    private MapChecks() {}

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

    private static Diagnostic btf(MapDef m) {
        String name = m.name();
        if (m.keyType() != null && !m.keyType().locks().isEmpty()) {
            return err(m, Errno.EINVAL, "map '" + name + "' key cannot contain '" + m.keyType().locks().get(0).kind().typeName().transform(MapChecks::struct) + "'");
        }
        List<LockField> locks = m.lockFields();
        if (locks.isEmpty()) {
            return null;
        }
        for (LockKind kind : LockKind.values()) {
            if (locks.stream().filter(l -> l.kind() == kind).count() > 1) {
                return err(m, Errno.E2BIG, "map '" + name + "' value has more than one '" + struct(kind.typeName()) + "'");
            }
        }
        if (locks.size() > 1) {
            return err(m, Errno.EINVAL, "map '" + name + "' value has both 'struct bpf_spin_lock' and 'struct bpf_res_spin_lock'");
        }
        String lockType = struct(locks.get(0).kind().typeName());
        if (m.readOnlyForPrograms()) {
            return err(m, Errno.EACCES, "map '" + name + "' is read-only to programs and cannot hold '" + lockType + "'");
        }
        if (m.type() != MapType.HASH && m.type() != MapType.ARRAY) {
            return err(m, Errno.EOPNOTSUPP, "map '" + name + "' of type " + m.type().spelling() + " cannot hold '" + lockType + "'");
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
