package org.rqbpf.abi;

/** Return kinds of helper prototypes ({@code enum bpf_return_type}). */
public enum RetType {
    /** {@code RET_INTEGER}: an unknown scalar. */
    INTEGER,
    /** {@code RET_VOID}: r0 is unreadable after the call. */
    VOID,
    /** {@code RET_PTR_TO_MAP_VALUE_OR_NULL}: a value of the map in argument 1, or NULL. */
    PTR_TO_MAP_VALUE_OR_NULL,
    /** {@code RET_PTR_TO_SOCKET_OR_NULL}. */
    PTR_TO_SOCKET_OR_NULL,
    /** {@code RET_PTR_TO_SOCK_COMMON_OR_NULL}. */
    PTR_TO_SOCK_COMMON_OR_NULL,
    /** {@code RET_PTR_TO_TCP_SOCK_OR_NULL}. */
    PTR_TO_TCP_SOCK_OR_NULL
}
