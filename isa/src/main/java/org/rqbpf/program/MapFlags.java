package org.rqbpf.program;

/** Map creation flags and element update flags (Linux UAPI values). */
public final class MapFlags {
    private MapFlags() {}

    /** Creation flag: allocate elements on demand instead of preallocating {@code max_entries}. */
    public static final int BPF_F_NO_PREALLOC = 1;
    /** Creation flag: read-only for programs (set on {@code .rodata} maps). */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;

    /** Update flags. */
    public static final int BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2, BPF_F_LOCK = 4;
}
