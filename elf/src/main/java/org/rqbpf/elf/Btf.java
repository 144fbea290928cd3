package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The type information of an object's {@code .BTF} section (Documentation/bpf/btf.rst): a header, the
 * type records (type id = position, from 1; id 0 is {@code void}) and the string table. Every record,
 * member and string offset is checked while reading, so garbage ends in one clear error.
 *
 * <pre>
 * btf_header: magic 0xeB9F u16, version u8, flags u8, hdr_len u32, type_off u32, type_len u32, str_off u32, str_len u32
 * btf_type:   name_off u32, info u32 (vlen bits 0-15, kind bits 24-28, kind_flag bit 31), size_or_type u32, then per kind:
 *             INT u32 | ARRAY {type, index_type, nelems} | STRUCT/UNION vlen x {name, type, offset}
 *             ENUM vlen x {name, val} | FUNC_PROTO vlen x {name, type} | VAR {linkage}
 *             DATASEC vlen x {type, offset, size} | DECL_TAG {component_idx} | ENUM64 vlen x {name, lo32, hi32}
 * </pre>
 */
public final class Btf {
    public static final int MAGIC = 0xeb9f;
    public static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4, UNION = 5, ENUM = 6, FWD = 7, TYPEDEF = 8,
            VOLATILE = 9, CONST = 10, RESTRICT = 11, FUNC = 12, FUNC_PROTO = 13, VAR = 14, DATASEC = 15, FLOAT = 16,
            DECL_TAG = 17, TYPE_TAG = 18, ENUM64 = 19;
    private static final int MAX_KIND = ENUM64;

    /** A member of a STRUCT/UNION ({@code offset} in bits), a parameter, an enumerator or a DATASEC entry. */
    public record Member(String name, int type, long offset, long size) {}

    /**
     * One type record. {@code sizeOrType} is the size (INT, STRUCT, UNION, ENUM, DATASEC, FLOAT) or the
     * referenced type (PTR, TYPEDEF, modifiers, FUNC, VAR, DECL_TAG, the FUNC_PROTO's return type);
     * {@code extra} is the INT encoding word, the VAR linkage, the DECL_TAG component index or the
     * ARRAY's element count.
     */
    public record Type(int id, int kind, String name, int vlen, boolean kindFlag, int sizeOrType, int arrayType,
            int extra, List<Member> members) {}

    private final List<Type> types;
    private final byte[] strings;

    private Btf(List<Type> types, byte[] strings) {
        this.types = types;
        this.strings = strings;
    }

    public static Btf parse(byte[] raw) throws MalformedObjectException {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.length < 24) {
            throw new MalformedObjectException(".BTF: truncated header (" + raw.length + " bytes)");
        }
        if ((b.getShort(0) & 0xffff) != MAGIC) {
            throw new MalformedObjectException(".BTF: bad magic 0x" + Integer.toHexString(b.getShort(0) & 0xffff)
                    + " (expected 0xeb9f, a little-endian BTF)");
        }
        if (raw[2] != 1) {
            throw new MalformedObjectException(".BTF: version " + raw[2] + " (only 1 exists)");
        }
        long hdrLen = u32(b, 4);
        long typeOff = hdrLen + u32(b, 8), typeLen = u32(b, 12);
        long strOff = hdrLen + u32(b, 16), strLen = u32(b, 20);
        if (hdrLen < 24 || typeOff + typeLen > raw.length || strOff + strLen > raw.length) {
            throw new MalformedObjectException(".BTF: type or string section outside the " + raw.length + "-byte section");
        }
        byte[] strings = new byte[(int) strLen];
        System.arraycopy(raw, (int) strOff, strings, 0, strings.length);
        if (strings.length > 0 && strings[strings.length - 1] != 0) {
            throw new MalformedObjectException(".BTF: string section does not end with NUL");
        }
        Btf btf = new Btf(new ArrayList<>(), strings);
        btf.types.add(new Type(0, 0, "", 0, false, 0, 0, 0, List.of()));
        int pos = (int) typeOff;
        int end = (int) (typeOff + typeLen);
        while (pos < end) {
            pos = btf.readType(b, pos, end);
        }
        for (Type t : btf.types) {
            btf.checkRefs(t);
        }
        return new Btf(Collections.unmodifiableList(btf.types), strings);
    }

    private int readType(ByteBuffer b, int pos, int end) throws MalformedObjectException {
        int id = types.size();
        need(pos, 12, end, id);
        String name = string(u32(b, pos), id);
        int info = b.getInt(pos + 4);
        int kind = info >>> 24 & 0x1f;
        int vlen = info & 0xffff;
        boolean kflag = info < 0;
        int st = b.getInt(pos + 8);
        pos += 12;
        if (kind == 0 || kind > MAX_KIND) {
            throw new MalformedObjectException(".BTF: type " + id + " has unknown kind " + kind);
        }
        List<Member> members = List.of();
        int arrayType = 0;
        int extra = 0;
        switch (kind) {
            case INT, VAR, DECL_TAG -> {
                need(pos, 4, end, id);
                extra = b.getInt(pos);
                pos += 4;
            }
            case ARRAY -> {
                need(pos, 12, end, id);
                arrayType = b.getInt(pos);
                extra = b.getInt(pos + 8);
                pos += 12;
            }
            case STRUCT, UNION, DATASEC, ENUM64 -> {
                need(pos, 12L * vlen, end, id);
                members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++, pos += 12) {
                    if (kind == DATASEC) {
                        members.add(new Member("", b.getInt(pos), u32(b, pos + 4), u32(b, pos + 8)));
                    } else if (kind == ENUM64) {
                        members.add(new Member(string(u32(b, pos), id), 0, (u32(b, pos + 8) << 32) | u32(b, pos + 4), 0));
                    } else {
                        members.add(new Member(string(u32(b, pos), id), b.getInt(pos + 4), u32(b, pos + 8), 0));
                    }
                }
            }
            case ENUM, FUNC_PROTO -> {
                need(pos, 8L * vlen, end, id);
                members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++, pos += 8) {
                    members.add(new Member(string(u32(b, pos), id), kind == FUNC_PROTO ? b.getInt(pos + 4) : 0,
                            kind == ENUM ? b.getInt(pos + 4) : 0, 0));
                }
            }
            default -> { }
        }
        types.add(new Type(id, kind, name, vlen, kflag, st, arrayType, extra, members));
        return pos;
    }

    /** Every type id a record names must exist. */
    private void checkRefs(Type t) throws MalformedObjectException {
        switch (t.kind()) {
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DECL_TAG, TYPE_TAG -> ref(t, t.sizeOrType());
            case ARRAY -> ref(t, t.arrayType());
            default -> { }
        }
        if (t.kind() == STRUCT || t.kind() == UNION || t.kind() == FUNC_PROTO || t.kind() == DATASEC) {
            for (Member m : t.members()) {
                ref(t, m.type());
            }
        }
    }

    private void ref(Type t, int id) throws MalformedObjectException {
        if (id < 0 || id >= types.size()) {
            throw new MalformedObjectException(".BTF: type " + t.id() + " refers to type " + id + ", which does not exist ("
                    + (types.size() - 1) + " types)");
        }
    }

    public List<Type> types() {
        return types;
    }

    /** Type {@code id}; ids were checked when read, so an unknown one is a reader bug. */
    public Type type(int id) {
        return types.get(id);
    }

    /** Follows typedefs and the {@code const}/{@code volatile}/{@code restrict}/type-tag modifiers. */
    public Type resolve(int id) {
        Type t = types.get(id);
        int guard = 0;
        while ((t.kind() == TYPEDEF || t.kind() == VOLATILE || t.kind() == CONST || t.kind() == RESTRICT
                || t.kind() == TYPE_TAG) && guard++ < types.size()) {
            t = types.get(t.sizeOrType());
        }
        return t;
    }

    /** The DATASEC named {@code name}, or null. */
    public Type datasec(String name) {
        for (Type t : types) {
            if (t.kind() == DATASEC && t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The string at offset {@code off} of the string section (line_info's file and line texts). */
    public String string(long off) throws MalformedObjectException {
        return string(off, -1);
    }

    private String string(long off, int id) throws MalformedObjectException {
        if (off < 0 || off >= Math.max(strings.length, 1)) {
            if (off == 0) {
                return "";
            }
            throw new MalformedObjectException(".BTF: " + (id < 0 ? "" : "type " + id + ": ") + "string offset " + off
                    + " is outside the " + strings.length + "-byte string section");
        }
        int e = (int) off;
        while (e < strings.length && strings[e] != 0) {
            e++;
        }
        return new String(strings, (int) off, e - (int) off, StandardCharsets.UTF_8);
    }

    private static void need(long pos, long bytes, int end, int id) throws MalformedObjectException {
        if (pos + bytes > end) {
            throw new MalformedObjectException(".BTF: type " + id + " is cut off by the end of the type section");
        }
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffff_ffffL;
    }
}
