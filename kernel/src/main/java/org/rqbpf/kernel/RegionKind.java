package org.rqbpf.kernel;

/** What a memory region holds; used in fault messages and reports. */
public enum RegionKind {
    /** A BPF stack frame (512 bytes). */
    STACK,
    /** A program context ({@code __sk_buff}, {@code xdp_md}, tracepoint record...). */
    CTX,
    /** Packet data. */
    PACKET,
    /** A map value (or an array map's value area). */
    MAP_VALUE,
    /** A map key or other map-internal storage. */
    MAP_INTERNAL,
    /** Global data ({@code .data}, {@code .bss}, {@code .rodata}). */
    GLOBAL,
    /** Anything else (tests, scratch buffers). */
    OTHER
}
