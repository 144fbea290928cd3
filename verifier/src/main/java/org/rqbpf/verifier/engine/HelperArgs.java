package org.rqbpf.verifier.engine;

import java.util.List;
import org.rqbpf.abi.ArgType;
import org.rqbpf.abi.Helper;
import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/**
 * Helper arguments checked against the prototypes of {@link Helper} (the kernel's {@code check_func_arg}):
 * register types, and memory arguments whose bytes must lie in their region and be initialised.
 */
final class HelperArgs {
    private static final String MEM_TYPES = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";

    private HelperArgs() {}

    /** Checks every argument; returns the map of a {@code CONST_MAP_PTR} argument, or null. */
    static MapDef check(Env env, VState st, Helper h) throws VerifyError {
        MapDef map = null;
        List<ArgType> args = h.args();
        for (int i = 0; i < args.size(); i++) {
            int regno = i + 1;
            ArgType t = args.get(i);
            if (t == ArgType.DONTCARE) {
                continue;
            }
            if (t == ArgType.PTR_TO_SPIN_LOCK) {
                LockOps.spinHelper(env, st, h == Helper.SPIN_LOCK);
                continue;
            }
            Reg reg = Regs.read(st, regno);
            switch (t) {
                case CONST_MAP_PTR -> {
                    if (reg.type != RegType.CONST_PTR_TO_MAP) {
                        throw typeError(regno, reg, "map_ptr");
                    }
                    map = reg.map;
                }
                case PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE -> {
                    memType(regno, reg);
                    if (map == null) {
                        throw VerifyError.eacces("invalid map_ptr to access map->" + (t == ArgType.PTR_TO_MAP_KEY ? "key" : "value"));
                    }
                    checkMem(env, st, regno, reg, t == ArgType.PTR_TO_MAP_KEY ? map.keySize() : map.valueSize());
                }
                case PTR_TO_MEM_RDONLY -> memType(regno, reg);
                case CONST_SIZE -> constSize(env, st, regno, reg);
                default -> { }
            }
        }
        return map;
    }

    private static VerifyError typeError(int regno, Reg reg, String expected) {
        return VerifyError.eacces("R" + regno + " type=" + reg.type.spelling() + " expected=" + expected);
    }

    private static void memType(int regno, Reg reg) throws VerifyError {
        switch (reg.type) {
            case PTR_TO_STACK, PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_MAP_VALUE -> { }
            default -> throw typeError(regno, reg, MEM_TYPES);
        }
    }

    private static void constSize(Env env, VState st, int regno, Reg reg) throws VerifyError {
        if (!reg.isScalar()) {
            throw typeError(regno, reg, "scalar");
        }
        if (reg.var.smin < 0) {
            throw VerifyError.eacces("R" + regno + " min value is negative, either use unsigned or 'var &= const'");
        }
        if (reg.var.umin == 0) {
            throw VerifyError.eacces("R" + regno + " invalid zero-sized read: u64=[" + reg.var.umin + "," + reg.var.umax + "]");
        }
        if (Long.compareUnsigned(reg.var.umax, 1L << 29) >= 0) {
            throw VerifyError.eacces("R" + regno + " unbounded memory access, use 'var &= const' or 'if (var < const)'");
        }
        checkMem(env, st, regno - 1, st.reg(regno - 1), (int) reg.var.umax);
    }

    /** The kernel's {@code check_helper_mem_access} for a read of {@code size} bytes. */
    static void checkMem(Env env, VState st, int regno, Reg reg, int size) throws VerifyError {
        switch (reg.type) {
            case PTR_TO_STACK -> {
                long min = reg.off + reg.var.smin;
                long max = reg.off + reg.var.smax;
                StackAccess.checkBounds(reg, regno, min, max, size, " indirect access to");
                StackAccess.noteDepth(env, st, reg, min);
                for (long off = min; off <= max; off++) {
                    StackAccess.checkInitialized(st, reg, regno, off, size, env.options.privileged());
                }
            }
            case PTR_TO_MAP_VALUE -> {
                MemAccess.checkMapAccessType(reg.map, reg.off, size, MemAccess.Kind.READ);
                MemAccess.checkMapRegion(reg, regno, reg.off, size);
            }
            case PTR_TO_PACKET, PTR_TO_PACKET_META -> MemAccess.checkPacketRange(reg, regno, reg.off, size);
            default -> throw typeError(regno, reg, MEM_TYPES);
        }
    }
}
