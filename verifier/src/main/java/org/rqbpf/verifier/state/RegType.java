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
    PTR_TO_PACKET_META("pkt_meta"),
    PTR_TO_SOCKET("sock"),
    PTR_TO_SOCKET_OR_NULL("sock_or_null"),
    PTR_TO_SOCK_COMMON("sock_common"),
    PTR_TO_SOCK_COMMON_OR_NULL("sock_common_or_null"),
    PTR_TO_TCP_SOCK("tcp_sock"),
    PTR_TO_TCP_SOCK_OR_NULL("tcp_sock_or_null");

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

    /** {@code PTR_MAYBE_NULL}: a pointer a helper returned that must be NULL-checked. */
    public boolean mayBeNull() {
        return this == PTR_TO_MAP_VALUE_OR_NULL || this == PTR_TO_SOCKET_OR_NULL || this == PTR_TO_SOCK_COMMON_OR_NULL
                || this == PTR_TO_TCP_SOCK_OR_NULL;
    }

    /** The type a non-NULL check leaves ({@code mark_ptr_not_null_reg}). */
    public RegType notNull() {
        return switch (this) {
            case PTR_TO_MAP_VALUE_OR_NULL -> PTR_TO_MAP_VALUE;
            case PTR_TO_SOCKET_OR_NULL -> PTR_TO_SOCKET;
            case PTR_TO_SOCK_COMMON_OR_NULL -> PTR_TO_SOCK_COMMON;
            case PTR_TO_TCP_SOCK_OR_NULL -> PTR_TO_TCP_SOCK;
            default -> this;
        };
    }

    /** {@code type_is_sk_pointer}: a socket, socket-common or TCP socket pointer, NULL-checked. */
    public boolean isSocket() {
        return this == PTR_TO_SOCKET || this == PTR_TO_SOCK_COMMON || this == PTR_TO_TCP_SOCK;
    }

    public boolean isPacket() {
        return this == PTR_TO_PACKET || this == PTR_TO_PACKET_META;
    }
}
