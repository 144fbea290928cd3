package org.rqbpf.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.program.CType;
import org.rqbpf.program.LockKind;

/**
 * BTF types as the program model's C types: integers, enums and pointers as scalars of their size
 * ({@code u8}..{@code u64}, {@code s8}..{@code s64}), arrays, structs with their members' offsets, unions
 * as structs whose members all start at 0, and the kernel's lock structs as locks. A type with no
 * size (void, a forward declaration, a function) or a bit-field has no C-type equivalent here and is
 * reported with the name of what declared it.
 */
final class BtfTypes {
    private final Btf btf;
    private final Map<Integer, CType> done = new HashMap<>();

    BtfTypes(Btf btf) {
        this.btf = btf;
    }

    /** The C type of BTF type {@code id}; {@code what} names the declaration in errors. */
    CType of(int id, String what) throws MalformedObjectException {
        return of(id, what, 0);
    }

    private CType of(int id, String what, int depth) throws MalformedObjectException {
        CType known = done.get(id);
        if (known != null) {
            return known;
        }
        if (depth > 64) {
            throw new MalformedObjectException(what + ": BTF type " + id + " nests too deeply (a cycle?)");
        }
        Btf.Type t = btf.resolve(id);
        CType out = switch (t.kind()) {
            case Btf.INT -> scalar(t.sizeOrType(), (t.extra() >>> 24 & 1) != 0, what);
            case Btf.ENUM, Btf.ENUM64 -> scalar(t.sizeOrType(), t.kindFlag(), what);
            case Btf.PTR -> scalar(8, false, what);
            case Btf.ARRAY -> {
                CType element = of(t.arrayType(), what, depth + 1);
                yield new CType.Array(element, t.extra());
            }
            case Btf.STRUCT, Btf.UNION -> struct(t, what, depth);
            default -> throw new MalformedObjectException(what + ": BTF type " + id + " (" + kindName(t.kind())
                    + ") has no size rqbpf can lay out");
        };
        done.put(id, out);
        return out;
    }

    private CType struct(Btf.Type t, String what, int depth) throws MalformedObjectException {
        for (LockKind k : LockKind.values()) {
            if (t.kind() == Btf.STRUCT && t.name().equals(k.typeName())) {
                return new CType.Lock(k);
            }
        }
        List<CType.Field> fields = new ArrayList<>();
        int align = 1;
        for (Btf.Member m : t.members()) {
            long bitOffset = t.kindFlag() ? m.offset() & 0xffffff : m.offset();
            int bitSize = t.kindFlag() ? (int) (m.offset() >>> 24) : 0;
            if (bitSize != 0 || bitOffset % 8 != 0) {
                throw new MalformedObjectException(what + ": member '" + m.name() + "' of struct " + t.name()
                        + " is a bit-field, which rqbpf's types do not have");
            }
            CType ft = of(m.type(), what, depth + 1);
            fields.add(new CType.Field(m.name().isEmpty() ? "(anon)" : m.name(), ft, (int) (bitOffset / 8)));
            align = Math.max(align, ft.align());
        }
        String name = t.name().isEmpty() ? "(anon)" : t.name();
        return new CType.Struct(name, List.copyOf(fields), t.sizeOrType(), align);
    }

    private static CType scalar(int size, boolean signed, String what) throws MalformedObjectException {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new MalformedObjectException(what + ": a " + size + "-byte integer (rqbpf has 1, 2, 4 and 8)");
        }
        return new CType.Scalar((signed ? "s" : "u") + size * 8, size, signed);
    }

    static String kindName(int kind) {
        return switch (kind) {
            case 0 -> "void";
            case Btf.INT -> "INT";
            case Btf.PTR -> "PTR";
            case Btf.ARRAY -> "ARRAY";
            case Btf.STRUCT -> "STRUCT";
            case Btf.UNION -> "UNION";
            case Btf.ENUM -> "ENUM";
            case Btf.FWD -> "FWD";
            case Btf.TYPEDEF -> "TYPEDEF";
            case Btf.FUNC -> "FUNC";
            case Btf.FUNC_PROTO -> "FUNC_PROTO";
            case Btf.VAR -> "VAR";
            case Btf.DATASEC -> "DATASEC";
            case Btf.FLOAT -> "FLOAT";
            case Btf.DECL_TAG -> "DECL_TAG";
            default -> "kind " + kind;
        };
    }
}
