package org.rqbpf.program;

import java.util.List;

/**
 * A map of a loaded file: one declared in {@code SEC(".maps")} or the one-element ARRAY map of a data
 * section ({@code .data}, {@code .data.X}, {@code .bss}, {@code .rodata}).
 *
 * @param name the map's name as messages print it (libbpf naming for data sections, cut to 15 chars)
 * @param index position in {@link Program#maps()}: the {@code imm} of {@code rD = NAME ll}
 * @param type the map type
 * @param keySize key size in bytes
 * @param valueSize value size in bytes
 * @param maxEntries {@code max_entries} (1 for data sections)
 * @param flags creation flags ({@link MapFlags})
 * @param keyType the key's type, or null when declared by {@code __uint(key_size, N)}
 * @param valueType the value's type, or null when declared by {@code __uint(value_size, N)} (no BTF)
 * @param section for a data-section map its section name (e.g. {@code .bss}), else null
 * @param initialValue for a data-section map the initial bytes of its value (length valueSize), else null
 * @param pos where it was declared (the first variable, for a data section)
 */
public record MapDef(
        String name,
        int index,
        MapType type,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        CType keyType,
        CType valueType,
        String section,
        byte[] initialValue,
        SourcePos pos) {

    /** True when the value has type information (BTF): {@code __type(value, ...)} or a data section. */
    public boolean hasBtf() {
        return valueType != null;
    }

    public boolean isDataSection() {
        return section != null;
    }

    /** True for {@code .rodata}: programs may not write it. */
    public boolean readOnlyForPrograms() {
        return (flags & MapFlags.BPF_F_RDONLY_PROG) != 0;
    }

    /** True for a map created with {@code BPF_F_WRONLY_PROG}: programs may not read its values. */
    public boolean writeOnlyForPrograms() {
        return (flags & MapFlags.BPF_F_WRONLY_PROG) != 0;
    }

    /**
     * The lock fields of the value's lock record: at most one, and none without BTF or when the record is
     * invalid, as Linux creates such a map without a record ({@link LockRecord}).
     */
    public List<LockField> lockFields() {
        return LockRecord.of(valueType).fields();
    }

    /** The value's lock of the given kind, or null. */
    public LockField lockField(LockKind kind) {
        for (LockField f : lockFields()) {
            if (f.kind() == kind) {
                return f;
            }
        }
        return null;
    }

    /** Whether {@code section} names a data section: {@code .data}, {@code .data.X}, {@code .bss}, {@code .rodata}, {@code .rodata.X}. */
    public static boolean isDataSectionName(String s) {
        return s.equals(".data") || s.equals(".bss") || s.equals(".rodata")
                || (s.startsWith(".data.") && s.length() > 6) || (s.startsWith(".rodata.") && s.length() > 8);
    }

    /**
     * libbpf's name for the map of data section {@code section} of the object {@code fileName}: a custom
     * section ({@code .data.X}, {@code .rodata.X}) by its own name, else the object name's first 8
     * characters followed by the section; cut to 15 characters ({@code BPF_OBJ_NAME_LEN - 1}).
     */
    public static String dataSectionMapName(String fileName, String section) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.indexOf('.');
        String object = dot < 0 ? base : base.substring(0, dot);
        boolean custom = section.indexOf('.', 1) > 0;
        String name = custom ? section : object.substring(0, Math.min(8, object.length())) + section;
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
