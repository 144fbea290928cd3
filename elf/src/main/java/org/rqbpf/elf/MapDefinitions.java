package org.rqbpf.elf;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.program.CType;
import org.rqbpf.program.MapType;

/**
 * The BTF-defined maps of {@code SEC(".maps")}, decoded as libbpf decodes them: the section's DATASEC
 * lists one VAR per map, whose type is an anonymous struct of attributes written by bpf_helpers.h as
 * <ul>
 *   <li>{@code __uint(name, val)}: {@code int (*name)[val]}, a pointer to an array of {@code val} elements;
 *   <li>{@code __type(name, T)}: {@code T *name}, a pointer to the type.
 * </ul>
 * Attributes: {@code type}, {@code max_entries}, {@code map_flags}, {@code key_size}, {@code value_size},
 * {@code key}, {@code value}; {@code numa_node} and {@code map_extra} are accepted when 0, and
 * {@code pinning} when {@code LIBBPF_PIN_NONE} (rqbpf never pins). Anything else is an error naming it.
 */
final class MapDefinitions {
    /**
     * One decoded map; types are null where the map gives only sizes. A map rqbpf cannot create (a type it
     * does not implement, {@code __array(values, ...)}) has {@code unsupported} saying why and nothing else:
     * the programs that use it are left out, the others load.
     */
    record Decoded(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags, CType keyType,
            CType valueType, String unsupported) {
        static Decoded unsupported(String name, String why) {
            return new Decoded(name, null, 0, 0, 0, 0, null, null, why);
        }
    }

    private MapDefinitions() {}

    static List<Decoded> decode(Btf btf, BtfTypes types) throws MalformedObjectException {
        Btf.Type sec = btf.datasec(".maps");
        if (sec == null) {
            throw new MalformedObjectException("SEC(\".maps\") has no BTF (compile with -g: rqbpf reads maps from BTF)");
        }
        List<Decoded> out = new ArrayList<>();
        for (Btf.Member v : sec.members()) {
            Btf.Type var = btf.type(v.type());
            if (var.kind() != Btf.VAR) {
                throw new MalformedObjectException("SEC(\".maps\"): entry of BTF kind " + BtfTypes.kindName(var.kind())
                        + " where a map variable was expected");
            }
            out.add(decode(btf, types, var.name(), btf.resolve(var.sizeOrType())));
        }
        return out;
    }

    private static Decoded decode(Btf btf, BtfTypes types, String name, Btf.Type def) throws MalformedObjectException {
        String what = "map '" + name + "'";
        if (def.kind() != Btf.STRUCT) {
            throw new MalformedObjectException(what + ": its definition is a " + BtfTypes.kindName(def.kind())
                    + ", not a struct of __uint/__type attributes");
        }
        Integer type = null, maxEntries = null, keySize = null, valueSize = null;
        int flags = 0;
        CType keyType = null, valueType = null;
        String unsupported = null;
        for (Btf.Member m : def.members()) {
            switch (m.name()) {
                case "type" -> type = uint(btf, m, what);
                case "max_entries" -> maxEntries = uint(btf, m, what);
                case "map_flags" -> flags = uint(btf, m, what);
                case "key_size" -> keySize = uint(btf, m, what);
                case "value_size" -> valueSize = uint(btf, m, what);
                case "key" -> keyType = types.of(pointee(btf, m, what), what + " key");
                case "value" -> valueType = types.of(pointee(btf, m, what), what + " value");
                case "numa_node", "map_extra" -> {
                    if (uint(btf, m, what) != 0) {
                        throw new MalformedObjectException(what + ": " + m.name() + " is not supported by rqbpf");
                    }
                }
                case "pinning" -> {
                    if (uint(btf, m, what) != 0) {
                        throw new MalformedObjectException(what + ": pinning is not supported (rqbpf never pins maps)");
                    }
                }
                case "values" -> unsupported = what + ": __array(values, ...) (map-in-map and prog arrays) is not supported by rqbpf";
                default -> throw new MalformedObjectException(what + ": unknown attribute '" + m.name() + "'");
            }
        }
        if (type == null) {
            throw new MalformedObjectException(what + ": no __uint(type, ...)");
        }
        MapType mt = MapType.byId(type);
        if (mt == null) {
            unsupported = what + ": map type " + type + " is not supported by rqbpf "
                    + "(hash, array, per-CPU hash, per-CPU array and LPM trie are)";
        }
        if (unsupported != null) {
            return Decoded.unsupported(name, unsupported);
        }
        int ks = sized(keyType, keySize, what, "key");
        int vs = sized(valueType, valueSize, what, "value");
        return new Decoded(name, mt, ks, vs, maxEntries == null ? 0 : maxEntries, flags, keyType, valueType, null);
    }

    private static int sized(CType type, Integer size, String what, String part) throws MalformedObjectException {
        if (type != null && size != null && size != type.size()) {
            throw new MalformedObjectException(what + ": " + part + "_size " + size + " differs from the " + part
                    + " type's size " + type.size());
        }
        if (type != null) {
            return type.size();
        }
        if (size == null) {
            throw new MalformedObjectException(what + ": no " + part + " type or " + part + "_size");
        }
        return size;
    }

    /** {@code __uint(name, val)}: the element count of the array the member points to. */
    private static int uint(Btf btf, Btf.Member m, String what) throws MalformedObjectException {
        Btf.Type ptr = btf.resolve(m.type());
        Btf.Type arr = ptr.kind() == Btf.PTR ? btf.resolve(ptr.sizeOrType()) : null;
        if (arr == null || arr.kind() != Btf.ARRAY) {
            throw new MalformedObjectException(what + ": attribute '" + m.name() + "' is not written as __uint(" + m.name()
                    + ", N)");
        }
        return arr.extra();
    }

    /** {@code __type(name, T)}: the BTF id of T. */
    private static int pointee(Btf btf, Btf.Member m, String what) throws MalformedObjectException {
        Btf.Type ptr = btf.resolve(m.type());
        if (ptr.kind() != Btf.PTR) {
            throw new MalformedObjectException(what + ": attribute '" + m.name() + "' is not written as __type(" + m.name()
                    + ", T)");
        }
        return ptr.sizeOrType();
    }
}
