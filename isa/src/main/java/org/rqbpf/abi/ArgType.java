package org.rqbpf.abi;

/** Argument kinds of helper prototypes (the kernel's {@code enum bpf_arg_type}, the ones rqbpf needs). */
public enum ArgType {
    /** Unused argument slot. */
    DONTCARE,
    /** {@code ARG_CONST_MAP_PTR}: a map pointer from {@code rD = MAP ll}. */
    CONST_MAP_PTR,
    /** {@code ARG_PTR_TO_MAP_KEY}: memory of the map's key size, initialised. */
    PTR_TO_MAP_KEY,
    /** {@code ARG_PTR_TO_MAP_VALUE}: memory of the map's value size, initialised. */
    PTR_TO_MAP_VALUE,
    /** {@code ARG_PTR_TO_MEM | MEM_RDONLY}: readable memory whose size is the next argument. */
    PTR_TO_MEM_RDONLY,
    /** {@code ARG_CONST_SIZE}: a known-bounded positive size for the preceding memory argument. */
    CONST_SIZE,
    /** {@code ARG_PTR_TO_SPIN_LOCK}: a map value pointer at a {@code struct bpf_spin_lock}. */
    PTR_TO_SPIN_LOCK,
    /** {@code ARG_PTR_TO_CTX}: the program's context, unmodified. */
    PTR_TO_CTX,
    /** {@code ARG_PTR_TO_UNINIT_MEM}: memory the helper writes, of the size in the next argument. */
    PTR_TO_UNINIT_MEM,
    /** {@code ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY}: readable memory or NULL (with a zero size). */
    PTR_TO_MEM_RDONLY_OR_NULL,
    /** {@code ARG_CONST_SIZE_OR_ZERO}: as {@link #CONST_SIZE}, and 0 is allowed. */
    CONST_SIZE_OR_ZERO,
    /**
     * {@code ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED} of 8 bytes: a {@code long} the
     * helper writes ({@code bpf_strtol}'s result).
     */
    PTR_TO_LONG,
    /** {@code ARG_PTR_TO_SOCK_COMMON}: a NULL-checked socket, socket-common or TCP socket pointer. */
    PTR_TO_SOCK_COMMON,
    /** {@code ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE}: an acquired socket, released by the call. */
    PTR_TO_SOCK_RELEASE,
    /** {@code ARG_ANYTHING}: any initialised register. */
    ANYTHING
}
