package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes BTF (the kernel's {@code Documentation/bpf/btf.rst}): a 24-byte header, then the type
 * section (each type a {@code struct btf_type} of name offset, info word and size-or-type, followed by
 * its kind's extra records), then the string section. Type ids count from 1 in the order types are
 * added; id 0 is {@code void}. Host byte order (little endian on every architecture this runs on).
 *
 * <pre>
 * info word:  bit 31 kind_flag | bits 24-28 kind | bits 0-15 vlen
 * </pre>
 */
public final class BtfWriter {
    public static final int MAGIC = 0xeB9F;
    public static final int KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_FUNC = 12,
            KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_DECL_TAG = 17;
    public static final int INT_SIGNED = 1, INT_CHAR = 2, INT_BOOL = 4;
    public static final int LINKAGE_STATIC = 0, LINKAGE_GLOBAL = 1, LINKAGE_EXTERN = 2;
    public static final int VAR_GLOBAL_ALLOCATED = 1;

    private final ByteBuffer types = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final StringTable strings = new StringTable();
    private int nextId = 1;

    /** A member of a struct, a parameter of a function prototype, or a variable of a section. */
    public record Member(String name, int type, int bitOffset) {}

    public record SectionVar(int type, int offset, int size) {}

    public int addInt(String name, int size, int encoding) {
        int id = header(name, KIND_INT, 0, size);
        types.putInt(encoding << 24 | size * 8);
        return id;
    }

    public int addPointer(int target) {
        return header("", KIND_PTR, 0, target);
    }

    public int addArray(int element, int index, int length) {
        int id = header("", KIND_ARRAY, 0, 0);
        types.putInt(element).putInt(index).putInt(length);
        return id;
    }

    public int addStruct(String name, int size, Member... members) {
        int id = header(name, KIND_STRUCT, members.length, size);
        for (Member m : members) {
            types.putInt(string(m.name())).putInt(m.type()).putInt(m.bitOffset());
        }
        return id;
    }

    public int addFuncProto(int returnType, Member... params) {
        int id = header("", KIND_FUNC_PROTO, params.length, returnType);
        for (Member p : params) {
            types.putInt(string(p.name())).putInt(p.type());
        }
        return id;
    }

    public int addFunc(String name, int proto, int linkage) {
        return header(name, KIND_FUNC, linkage, proto);
    }

    public int addVar(String name, int type, int linkage) {
        int id = header(name, KIND_VAR, 0, type);
        types.putInt(linkage);
        return id;
    }

    public int addDatasec(String name, int size, SectionVar... vars) {
        int id = header(name, KIND_DATASEC, vars.length, size);
        for (SectionVar v : vars) {
            types.putInt(v.type()).putInt(v.offset()).putInt(v.size());
        }
        return id;
    }

    /** A {@code btf_decl_tag} on {@code target} ({@code component} -1: the type itself, else a member or parameter). */
    public int addDeclTag(String tag, int target, int component) {
        int id = header(tag, KIND_DECL_TAG, 0, target);
        types.putInt(component);
        return id;
    }

    /** The number of types added (the largest id). */
    public int typeCount() {
        return nextId - 1;
    }

    /** The encoded BTF: header, types, strings. */
    public byte[] build() {
        byte[] str = strings.bytes();
        int typeLen = types.position();
        ByteBuffer out = ByteBuffer.allocate(24 + typeLen + str.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) MAGIC).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        out.put(types.array(), 0, typeLen).put(str);
        return out.array();
    }

    private int header(String name, int kind, int vlen, int sizeOrType) {
        types.putInt(string(name)).putInt(kind << 24 | (vlen & 0xffff)).putInt(sizeOrType);
        return nextId++;
    }

    /** The offset of {@code s} in the string section, adding it on first use. */
    public int string(String s) {
        return strings.add(s);
    }
}
