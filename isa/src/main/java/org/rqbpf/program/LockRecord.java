package org.rqbpf.program;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;

/**
 * The lock fields of a type as Linux 6.18's {@code btf_parse_fields} finds them: the lock part of a
 * {@code btf_record}. Linux builds this record twice, and treats a failure differently each time:
 * <ul>
 *   <li>At BTF load, for every struct with a direct {@code struct bpf_spin_lock} member (such a struct
 *       is in the "allowed object fields" set of {@code btf_parse_struct_metas}). A failure rejects the
 *       whole BTF, so the file does not load. See {@link #btfLoadError}.</li>
 *   <li>At map creation, for the value type ({@code map_check_btf}). A failure is not reported: the map
 *       is created with no record, so it has no lock field, and a program that locks a field of it is told
 *       {@code map 'X' has no valid bpf_res_spin_lock}.</li>
 * </ul>
 *
 * <p>The search, as {@code btf_find_struct_field} and {@code btf_find_field_one} do it:
 * <ul>
 *   <li>Each struct level has its own set of kinds seen. A second lock of a kind at one level is
 *       {@code E2BIG}.</li>
 *   <li>A nested struct member is searched with a fresh set. Its locks join the record, and the last
 *       lock of a kind wins: a top-level lock and a nested one of the same kind leave only the
 *       nested one in the record.</li>
 *   <li>An array of locks, or an array of structs that hold a lock, of more than one element is
 *       {@code EINVAL} ({@code btf_repeat_fields}). An array of one element is that element.</li>
 *   <li>A record with both kinds is {@code EINVAL}.</li>
 * </ul>
 *
 * @param fields the lock fields, at most one of each kind, in offset order (empty on error)
 * @param errno 0, or the positive errno of the failure
 * @param problem what failed, for messages ("more than one 'struct bpf_spin_lock'"), or null
 */
public record LockRecord(List<LockField> fields, int errno, String problem) {
    private static final LockRecord NONE = new LockRecord(List.of(), 0, null);

    public boolean valid() {
        return errno == 0;
    }

    /** The record of {@code t} (a struct, or a data section's variables as a struct); no locks without a type. */
    public static LockRecord of(CType t) {
        if (t == null) {
            return NONE;
        }
        List<LockField> found = new ArrayList<>();
        LockRecord err = search(t, 0, found);
        if (err != null) {
            return err;
        }
        LockField spin = null;
        LockField res = null;
        for (LockField f : found) {
            if (f.kind() == LockKind.SPIN_LOCK) {
                spin = f;
            } else {
                res = f;
            }
        }
        if (spin != null && res != null) {
            return failure(Errno.EINVAL, "both 'struct bpf_spin_lock' and 'struct bpf_res_spin_lock'");
        }
        LockField only = spin != null ? spin : res;
        return only == null ? NONE : new LockRecord(List.of(only), 0, null);
    }

    /**
     * The BTF-load failure of the structs reachable from {@code t}, or null: each struct with a direct
     * {@code struct bpf_spin_lock} member must have a valid record. {@code t} itself is checked only when
     * {@code isStruct} (a data section's variables are a BTF DATASEC, not a struct).
     *
     * @return the failing struct's record, with {@link #problem} naming the struct
     */
    public static LockRecord btfLoadError(CType t, boolean isStruct) {
        if (t instanceof CType.Array a) {
            return btfLoadError(a.element(), true);
        }
        if (!(t instanceof CType.Struct s)) {
            return null;
        }
        for (CType.Field f : s.fields()) {
            LockRecord inner = btfLoadError(f.type(), true);
            if (inner != null) {
                return inner;
            }
        }
        if (isStruct && hasDirectSpinLock(s)) {
            LockRecord r = of(s);
            if (!r.valid()) {
                return failure(r.errno(), "'" + s.spelling() + "' has " + r.problem());
            }
        }
        return null;
    }

    private static boolean hasDirectSpinLock(CType.Struct s) {
        for (CType.Field f : s.fields()) {
            if (f.type() instanceof CType.Lock l && l.kind() == LockKind.SPIN_LOCK) {
                return true;
            }
        }
        return false;
    }

    /** Adds the locks of struct level {@code t} at {@code base} to {@code out}; returns a failure or null. */
    private static LockRecord search(CType t, int base, List<LockField> out) {
        if (!(t instanceof CType.Struct s)) {
            return null;
        }
        boolean[] seen = new boolean[LockKind.values().length];
        for (CType.Field f : s.fields()) {
            CType type = f.type();
            long elements = 1;
            while (type instanceof CType.Array a) {
                elements *= a.length();
                type = a.element();
            }
            if (elements == 0) {
                continue;
            }
            if (type instanceof CType.Lock l) {
                if (seen[l.kind().ordinal()]) {
                    return failure(Errno.E2BIG, "more than one '" + struct(l.kind()) + "'");
                }
                seen[l.kind().ordinal()] = true;
                if (elements > 1) {
                    return failure(Errno.EINVAL, "an array of '" + struct(l.kind()) + "'");
                }
                out.add(new LockField(l.kind(), base + f.offset()));
            } else if (type instanceof CType.Struct) {
                List<LockField> nested = new ArrayList<>();
                LockRecord err = search(type, base + f.offset(), nested);
                if (err != null) {
                    return err;
                }
                if (elements > 1 && !nested.isEmpty()) {
                    return failure(Errno.EINVAL, "an array of '" + type.spelling() + "', which holds a '"
                            + struct(nested.get(0).kind()) + "'");
                }
                out.addAll(nested);
            }
        }
        return null;
    }

    private static String struct(LockKind k) {
        return "struct " + k.typeName();
    }

    private static LockRecord failure(int errno, String problem) {
        return new LockRecord(List.of(), errno, problem);
    }
}
