package org.rqbpf.verifier.state;

/** Register types the verifier tracks, with the kernel's spelling ({@code reg_type_str}). */
public enum RegType {
    NOT_INIT("?"),
    SCALAR("scalar"),
    PTR_TO_CTX("ctx"),
    PTR_TO_STACK("fp"),
    CONST_PTR_TO_MAP("map_ptr"),
    PTR_TO_MAP_VALUE("map_value"),
    PTR_TO_MAP_VALUE_OR_NULL("map_value_or_null"),
    PTR_TO_PACKET("pkt"),
    PTR_TO_PACKET_END("pkt_end"),
    PTR_TO_PACKET_META("pkt_meta");

    private final String spelling;

    RegType(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public boolean isPointer() {
        return this != NOT_INIT && this != SCALAR;
    }

    public boolean isPacket() {
        return this == PTR_TO_PACKET || this == PTR_TO_PACKET_META;
    }
}
