package org.rqbpf.abi;

import static org.rqbpf.abi.ArgType.ANYTHING;
import static org.rqbpf.abi.ArgType.CONST_MAP_PTR;
import static org.rqbpf.abi.ArgType.CONST_SIZE;
import static org.rqbpf.abi.ArgType.DONTCARE;
import static org.rqbpf.abi.ArgType.PTR_TO_MAP_KEY;
import static org.rqbpf.abi.ArgType.PTR_TO_MAP_VALUE;
import static org.rqbpf.abi.ArgType.PTR_TO_MEM_RDONLY;
import static org.rqbpf.abi.ArgType.PTR_TO_SPIN_LOCK;

import java.util.List;

/** The helpers of runtime.md, by Linux UAPI id, with their prototypes. */
public enum Helper {
    MAP_LOOKUP_ELEM(1, "bpf_map_lookup_elem", RetType.PTR_TO_MAP_VALUE_OR_NULL, CONST_MAP_PTR, PTR_TO_MAP_KEY),
    MAP_UPDATE_ELEM(2, "bpf_map_update_elem", RetType.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE, ANYTHING),
    MAP_DELETE_ELEM(3, "bpf_map_delete_elem", RetType.INTEGER, CONST_MAP_PTR, PTR_TO_MAP_KEY),
    KTIME_GET_NS(5, "bpf_ktime_get_ns", RetType.INTEGER),
    // The kernel's prototype declares only fmt and fmt_size: the format arguments in R3-R5 are not checked.
    TRACE_PRINTK(6, "bpf_trace_printk", RetType.INTEGER, PTR_TO_MEM_RDONLY, CONST_SIZE, DONTCARE, DONTCARE, DONTCARE),
    GET_PRANDOM_U32(7, "bpf_get_prandom_u32", RetType.INTEGER),
    GET_SMP_PROCESSOR_ID(8, "bpf_get_smp_processor_id", RetType.INTEGER),
    GET_CURRENT_PID_TGID(14, "bpf_get_current_pid_tgid", RetType.INTEGER),
    SPIN_LOCK(93, "bpf_spin_lock", RetType.VOID, PTR_TO_SPIN_LOCK),
    SPIN_UNLOCK(94, "bpf_spin_unlock", RetType.VOID, PTR_TO_SPIN_LOCK);

    private final int id;
    private final String fname;
    private final RetType ret;
    private final List<ArgType> args;

    Helper(int id, String fname, RetType ret, ArgType... args) {
        this.id = id;
        this.fname = fname;
        this.ret = ret;
        this.args = List.of(args);
    }

    public int id() {
        return id;
    }

    /** The C name, e.g. {@code bpf_map_lookup_elem}. */
    public String fname() {
        return fname;
    }

    public RetType ret() {
        return ret;
    }

    /** Argument kinds, R1 first; registers beyond the list are not arguments. */
    public List<ArgType> args() {
        return args;
    }

    public static Helper byId(int id) {
        for (Helper h : values()) {
            if (h.id == id) {
                return h;
            }
        }
        return null;
    }

    public static Helper byName(String name) {
        for (Helper h : values()) {
            if (h.fname.equals(name)) {
                return h;
            }
        }
        return null;
    }
}
