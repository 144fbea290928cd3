package org.rqbpf.abi;

import static org.rqbpf.abi.ArgType.ANYTHING;
import static org.rqbpf.abi.ArgType.CONST_MAP_PTR;
import static org.rqbpf.abi.ArgType.CONST_SIZE;
import static org.rqbpf.abi.ArgType.CONST_SIZE_OR_ZERO;
import static org.rqbpf.abi.ArgType.DONTCARE;
import static org.rqbpf.abi.ArgType.PTR_TO_CTX;
import static org.rqbpf.abi.ArgType.PTR_TO_LONG;
import static org.rqbpf.abi.ArgType.PTR_TO_MAP_KEY;
import static org.rqbpf.abi.ArgType.PTR_TO_MAP_VALUE;
import static org.rqbpf.abi.ArgType.PTR_TO_MEM_RDONLY;
import static org.rqbpf.abi.ArgType.PTR_TO_MEM_RDONLY_OR_NULL;
import static org.rqbpf.abi.ArgType.PTR_TO_SOCK_COMMON;
import static org.rqbpf.abi.ArgType.PTR_TO_SOCK_RELEASE;
import static org.rqbpf.abi.ArgType.PTR_TO_SPIN_LOCK;
import static org.rqbpf.abi.ArgType.PTR_TO_UNINIT_MEM;
import static org.rqbpf.abi.HelperScope.BASE;
import static org.rqbpf.abi.HelperScope.BASE_PRIVILEGED;
import static org.rqbpf.abi.HelperScope.SKB;
import static org.rqbpf.abi.HelperScope.SOCKET_BASE_PRIVILEGED;
import static org.rqbpf.abi.HelperScope.TC;
import static org.rqbpf.abi.HelperScope.TC_XDP;
import static org.rqbpf.abi.HelperScope.TRACING;
import static org.rqbpf.abi.HelperScope.XDP;

import java.util.List;

/**
 * The helpers rqbpf implements, by Linux UAPI id, with the kernel's prototypes ({@code struct
 * bpf_func_proto}: return and argument types, {@code pkt_access}), which program types may call them
 * ({@link HelperScope}) and whether they change the packet ({@code bpf_helper_changes_pkt_data}, which
 * invalidates every packet pointer). {@link HelperNames} names every UAPI id.
 */
public enum Helper {
    MAP_LOOKUP_ELEM(1, BASE, Flag.PKT_ACCESS, RetType.PTR_TO_MAP_VALUE_OR_NULL, CONST_MAP_PTR, PTR_TO_MAP_KEY),
    MAP_UPDATE_ELEM(2, BASE, Flag.PKT_ACCESS, RetType.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE, ANYTHING),
    MAP_DELETE_ELEM(3, BASE, Flag.PKT_ACCESS, RetType.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY),
    PROBE_READ(4, TRACING, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    KTIME_GET_NS(5, BASE, 0, RetType.INTEGER),
    // The kernel's prototype declares only fmt and fmt_size: the format arguments in R3-R5 are not checked.
    TRACE_PRINTK(6, BASE_PRIVILEGED, 0, RetType.INTEGER, PTR_TO_MEM_RDONLY, CONST_SIZE, DONTCARE, DONTCARE, DONTCARE),
    GET_PRANDOM_U32(7, BASE, 0, RetType.INTEGER),
    GET_SMP_PROCESSOR_ID(8, BASE, 0, RetType.INTEGER),
    SKB_STORE_BYTES(9, TC, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING, PTR_TO_MEM_RDONLY, CONST_SIZE, ANYTHING),
    L3_CSUM_REPLACE(10, TC, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING, ANYTHING, ANYTHING, ANYTHING),
    L4_CSUM_REPLACE(11, TC, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING, ANYTHING, ANYTHING, ANYTHING),
    GET_CURRENT_PID_TGID(14, BASE, 0, RetType.INTEGER),
    GET_CURRENT_UID_GID(15, TRACING, 0, RetType.INTEGER),
    GET_CURRENT_COMM(16, TRACING, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE),
    GET_CGROUP_CLASSID(17, TC, 0, RetType.INTEGER, PTR_TO_CTX),
    REDIRECT(23, TC_XDP, 0, RetType.INTEGER, ANYTHING, ANYTHING),
    GET_ROUTE_REALM(24, TC, 0, RetType.INTEGER, PTR_TO_CTX),
    SKB_LOAD_BYTES(26, SKB, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING, PTR_TO_UNINIT_MEM, CONST_SIZE),
    CSUM_DIFF(28, TC_XDP, Flag.PKT_ACCESS, RetType.INTEGER, PTR_TO_MEM_RDONLY_OR_NULL, CONST_SIZE_OR_ZERO,
            PTR_TO_MEM_RDONLY_OR_NULL, CONST_SIZE_OR_ZERO, ANYTHING),
    GET_HASH_RECALC(34, TC, 0, RetType.INTEGER, PTR_TO_CTX),
    GET_CURRENT_TASK(35, BASE_PRIVILEGED, 0, RetType.INTEGER),
    SKB_PULL_DATA(39, TC, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    CSUM_UPDATE(40, TC, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    SET_HASH_INVALID(41, TC, 0, RetType.INTEGER, PTR_TO_CTX),
    GET_NUMA_NODE_ID(42, BASE, 0, RetType.INTEGER),
    XDP_ADJUST_HEAD(44, XDP, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    PROBE_READ_STR(45, TRACING, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    GET_SOCKET_COOKIE(46, SKB, 0, RetType.INTEGER, PTR_TO_CTX),
    GET_SOCKET_UID(47, SKB, 0, RetType.INTEGER, PTR_TO_CTX),
    SET_HASH(48, TC, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    XDP_ADJUST_META(54, XDP, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    XDP_ADJUST_TAIL(65, XDP, Flag.CHANGES_PKT_DATA, RetType.INTEGER, PTR_TO_CTX, ANYTHING),
    SKB_LOAD_BYTES_RELATIVE(68, SKB, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING, PTR_TO_UNINIT_MEM, CONST_SIZE, ANYTHING),
    SK_LOOKUP_TCP(84, TC_XDP, Flag.PKT_ACCESS | Flag.ACQUIRE, RetType.PTR_TO_SOCKET_OR_NULL, PTR_TO_CTX, PTR_TO_MEM_RDONLY,
            CONST_SIZE, ANYTHING, ANYTHING),
    SK_LOOKUP_UDP(85, TC_XDP, Flag.PKT_ACCESS | Flag.ACQUIRE, RetType.PTR_TO_SOCKET_OR_NULL, PTR_TO_CTX, PTR_TO_MEM_RDONLY,
            CONST_SIZE, ANYTHING, ANYTHING),
    SK_RELEASE(86, TC_XDP, 0, RetType.INTEGER, PTR_TO_SOCK_RELEASE),
    SPIN_LOCK(93, BASE_PRIVILEGED, 0, RetType.VOID, PTR_TO_SPIN_LOCK),
    SPIN_UNLOCK(94, BASE_PRIVILEGED, 0, RetType.VOID, PTR_TO_SPIN_LOCK),
    SK_FULLSOCK(95, TC, Flag.PTR_CAST, RetType.PTR_TO_SOCKET_OR_NULL, PTR_TO_SOCK_COMMON),
    TCP_SOCK(96, TC, Flag.PTR_CAST, RetType.PTR_TO_TCP_SOCK_OR_NULL, PTR_TO_SOCK_COMMON),
    GET_LISTENER_SOCK(98, TC, 0, RetType.PTR_TO_SOCKET_OR_NULL, PTR_TO_SOCK_COMMON),
    SKC_LOOKUP_TCP(99, TC_XDP, Flag.PKT_ACCESS | Flag.ACQUIRE, RetType.PTR_TO_SOCK_COMMON_OR_NULL, PTR_TO_CTX,
            PTR_TO_MEM_RDONLY, CONST_SIZE, ANYTHING, ANYTHING),
    STRTOL(105, BASE, 0, RetType.INTEGER, PTR_TO_MEM_RDONLY, CONST_SIZE, ANYTHING, PTR_TO_LONG),
    STRTOUL(106, BASE, 0, RetType.INTEGER, PTR_TO_MEM_RDONLY, CONST_SIZE, ANYTHING, PTR_TO_LONG),
    PROBE_READ_USER(112, BASE_PRIVILEGED, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    PROBE_READ_KERNEL(113, BASE_PRIVILEGED, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    PROBE_READ_USER_STR(114, BASE_PRIVILEGED, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    PROBE_READ_KERNEL_STR(115, BASE_PRIVILEGED, 0, RetType.INTEGER, PTR_TO_UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING),
    JIFFIES64(118, BASE_PRIVILEGED, 0, RetType.INTEGER),
    KTIME_GET_BOOT_NS(125, BASE, 0, RetType.INTEGER),
    KTIME_GET_COARSE_NS(160, SOCKET_BASE_PRIVILEGED, 0, RetType.INTEGER),
    XDP_GET_BUFF_LEN(188, XDP, 0, RetType.INTEGER, PTR_TO_CTX),
    XDP_LOAD_BYTES(189, XDP, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING, PTR_TO_UNINIT_MEM, CONST_SIZE),
    XDP_STORE_BYTES(190, XDP, 0, RetType.INTEGER, PTR_TO_CTX, ANYTHING, PTR_TO_MEM_RDONLY, CONST_SIZE),
    KTIME_GET_TAI_NS(208, BASE, 0, RetType.INTEGER);

    /** Prototype flags. */
    private static final class Flag {
        /** {@code pkt_access}: packet pointers may be passed as memory arguments. */
        static final int PKT_ACCESS = 1;
        /** {@code bpf_helper_changes_pkt_data}: the call invalidates packet pointers. */
        static final int CHANGES_PKT_DATA = 2;
        /** {@code is_acquire_function}: the returned pointer is a reference the program must release. */
        static final int ACQUIRE = 4;
        /** {@code is_ptr_cast_function}: the returned pointer is the argument's reference, seen as another type. */
        static final int PTR_CAST = 8;
    }

    private static final Helper[] BY_ID = byIdTable();

    private final int id;
    private final HelperScope scope;
    private final int flags;
    private final RetType ret;
    private final List<ArgType> args;

    Helper(int id, HelperScope scope, int flags, RetType ret, ArgType... args) {
        this.id = id;
        this.scope = scope;
        this.flags = flags;
        this.ret = ret;
        this.args = List.of(args);
    }

    public int id() {
        return id;
    }

    /** The C name, e.g. {@code bpf_map_lookup_elem}. */
    public String fname() {
        return HelperNames.of(id);
    }

    public RetType ret() {
        return ret;
    }

    /** Argument kinds, R1 first; registers beyond the list are not arguments. */
    public List<ArgType> args() {
        return args;
    }

    /** Whether a program of {@code type} may call it ({@code privileged}: loaded by root). */
    public boolean allowedIn(ProgramType type, boolean privileged) {
        return scope.allows(type, privileged);
    }

    /** {@code pkt_access}: packet pointers are accepted as memory arguments. */
    public boolean packetAccess() {
        return (flags & Flag.PKT_ACCESS) != 0;
    }

    /** The call may move or resize the packet: every packet pointer is invalid afterwards. */
    public boolean changesPacketData() {
        return (flags & Flag.CHANGES_PKT_DATA) != 0;
    }

    /** The returned pointer is a new reference ({@code bpf_sk_lookup_tcp} ...). */
    public boolean acquires() {
        return (flags & Flag.ACQUIRE) != 0;
    }

    /** The returned pointer carries its argument's reference ({@code bpf_sk_fullsock}, {@code bpf_tcp_sock}). */
    public boolean castsPointer() {
        return (flags & Flag.PTR_CAST) != 0;
    }

    public static Helper byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    public static Helper byName(String name) {
        return byId(HelperNames.idOf(name));
    }

    private static Helper[] byIdTable() {
        Helper[] t = new Helper[HelperNames.maxId()];
        for (Helper h : values()) {
            t[h.id] = h;
        }
        return t;
    }
}
