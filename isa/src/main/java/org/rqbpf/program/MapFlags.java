package org.rqbpf.program;

/** Map creation flags and element update flags (Linux UAPI values). */
public final class MapFlags {
    private MapFlags() {}

    /** Creation flag: allocate elements on demand instead of preallocating {@code max_entries}. */
    public static final int BPF_F_NO_PREALLOC = 1;
    /** Creation flags: read-only or write-only for the {@code bpf(2)} caller (programs are not affected). */
    public static final int BPF_F_RDONLY = 1 << 3, BPF_F_WRONLY = 1 << 4;
    /** Creation flag: read-only for programs (set on {@code .rodata} maps). */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    /** Creation flag: write-only for programs. */
    public static final int BPF_F_WRONLY_PROG = 1 << 8;

    /** Every creation flag rqbpf implements. */
    public static final int CREATION_FLAGS = BPF_F_NO_PREALLOC | BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG
            | BPF_F_WRONLY_PROG;

    /** Update flags. */
    public static final int BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2, BPF_F_LOCK = 4;
}
