package org.rqbpf.abi;

/**
 * A field of a program type's context.
 *
 * @param name field name as in the kernel's struct
 * @param offset byte offset
 * @param size byte size (an array field gives the size of the whole array)
 * @param writable programs may store to it
 * @param kind what a load of it yields (packet pointers for {@code data}, {@code data_end}, {@code data_meta})
 */
public record CtxField(String name, int offset, int size, boolean writable, Kind kind) {
    public enum Kind { SCALAR, PACKET, PACKET_END, PACKET_META }

    static CtxField ro(String name, int offset, int size) {
        return new CtxField(name, offset, size, false, Kind.SCALAR);
    }

    static CtxField rw(String name, int offset, int size) {
        return new CtxField(name, offset, size, true, Kind.SCALAR);
    }

    static CtxField pkt(String name, int offset, Kind kind) {
        return new CtxField(name, offset, 4, false, kind);
    }
}
