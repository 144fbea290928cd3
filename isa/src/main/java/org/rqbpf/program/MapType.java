package org.rqbpf.program;

/** The map types of the language, with the kernel's UAPI ids and spellings. */
public enum MapType {
    HASH(1, "BPF_MAP_TYPE_HASH"),
    ARRAY(2, "BPF_MAP_TYPE_ARRAY"),
    PERCPU_HASH(5, "BPF_MAP_TYPE_PERCPU_HASH"),
    PERCPU_ARRAY(6, "BPF_MAP_TYPE_PERCPU_ARRAY"),
    LPM_TRIE(11, "BPF_MAP_TYPE_LPM_TRIE");

    private final int id;
    private final String spelling;

    MapType(int id, String spelling) {
        this.id = id;
        this.spelling = spelling;
    }

    public int id() {
        return id;
    }

    /** As written in a declaration, e.g. {@code BPF_MAP_TYPE_PERCPU_HASH}. */
    public String spelling() {
        return spelling;
    }

    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY;
    }

    public boolean isArray() {
        return this == ARRAY || this == PERCPU_ARRAY;
    }

    /** Looks a type up by its UAPI id; null when rqbpf has no such map type. */
    public static MapType byId(int id) {
        for (MapType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** Looks a type up by its spelling; null when unknown. */
    public static MapType bySpelling(String s) {
        for (MapType t : values()) {
            if (t.spelling.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
