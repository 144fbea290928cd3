package org.rqbpf.verifier.engine;

import java.util.List;
import org.rqbpf.abi.ArgType;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Tnum;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.SlotType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * Helper arguments checked against the prototypes of {@link Helper} (the kernel's {@code check_func_arg},
 * {@code check_mem_size_reg} and {@code check_helper_mem_access}): register types, the context unmodified,
 * packet pointers only for helpers with {@code pkt_access}, and memory arguments whose bytes must lie in
 * their region (and, for reads, be initialised). Memory a helper writes ({@code ARG_PTR_TO_UNINIT_MEM},
 * the {@code long} of {@code bpf_strtol}) is marked written on the stack once the arguments pass, as the
 * kernel's byte-wise writes after the argument checks do.
 */
final class HelperArgs {
    private static final String MEM_TYPES = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";
    private static final String SOCK_TYPES = "sock_common, sock, tcp_sock, xdp_sock";
    /** {@code BPF_MAX_VAR_SIZ}: the bound on a variable memory size. */
    private static final long MAX_VAR_SIZE = 1L << 29;

    /** What the arguments tell the call. */
    static final class Meta {
        /** The map of a {@code CONST_MAP_PTR} argument, or null. */
        MapDef map;
        /** The upper bound of the last size argument ({@code msize_max_value}). */
        long sizeMax;
        /** The reference of a socket argument ({@code meta.ref_obj_id}), or 0. */
        int refObjId;
        /** The reference an {@code OBJ_RELEASE} argument gives up, or 0. */
        int release;
    }

    private enum Access { READ, WRITE }

    private HelperArgs() {}

    static Meta check(Env env, VState st, Helper h) throws VerifyError {
        Meta meta = new Meta();
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
            if (t == ArgType.ANYTHING) {
                if (reg.isPointer() && !env.options.privileged()) {
                    throw VerifyError.eacces("R" + regno + " leaks addr into helper function");
                }
                continue;
            }
            if (reg.type.isPacket() && !mayAccessPacket(env.prog.type(), h)) {
                throw VerifyError.eacces("helper access to the packet is not allowed");
            }
            switch (t) {
                case CONST_MAP_PTR -> {
                    if (reg.type != RegType.CONST_PTR_TO_MAP) {
                        throw typeError(regno, reg, "map_ptr");
                    }
                    meta.map = reg.map;
                }
                case PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE -> {
                    memType(regno, reg);
                    if (meta.map == null) {
                        throw VerifyError.eacces("invalid map_ptr to access map->" + (t == ArgType.PTR_TO_MAP_KEY ? "key" : "value"));
                    }
                    checkMem(env, st, regno, reg, t == ArgType.PTR_TO_MAP_KEY ? meta.map.keySize() : meta.map.valueSize());
                }
                case PTR_TO_CTX -> {
                    if (reg.type != RegType.PTR_TO_CTX) {
                        throw typeError(regno, reg, "ctx");
                    }
                    MemAccess.checkCtxOffset(reg, regno);
                }
                case PTR_TO_MEM_RDONLY, PTR_TO_UNINIT_MEM -> memType(regno, reg);
                case PTR_TO_MEM_RDONLY_OR_NULL -> {
                    if (!reg.isNull()) {
                        memType(regno, reg);
                    }
                }
                case CONST_SIZE, CONST_SIZE_OR_ZERO -> constSize(env, st, regno, reg, t == ArgType.CONST_SIZE_OR_ZERO,
                        args.get(i - 1) == ArgType.PTR_TO_UNINIT_MEM ? Access.WRITE : Access.READ, meta);
                case PTR_TO_SOCK_COMMON, PTR_TO_SOCK_RELEASE -> {
                    boolean release = t == ArgType.PTR_TO_SOCK_RELEASE;
                    if (!reg.type.isSocket()) {
                        throw typeError(regno, reg, release ? SOCK_TYPES + ", ptr_, trusted_ptr_" : SOCK_TYPES);
                    }
                    if (release && reg.refObjId == 0) {
                        throw new VerifyError("R" + regno + " must be referenced when passed to release function");
                    }
                    meta.refObjId = reg.refObjId;
                    if (release) {
                        meta.release = reg.refObjId;
                    }
                }
                case PTR_TO_LONG -> {
                    memType(regno, reg);
                    helperMem(env, st, regno, reg, 8, Access.WRITE, false);
                    checkAligned(reg, 8);
                }
                default -> { }
            }
        }
        return meta;
    }

    /** {@code may_access_direct_pkt_data} for a helper argument: tc and XDP, for helpers with {@code pkt_access}. */
    private static boolean mayAccessPacket(ProgramType type, Helper h) {
        return (type == ProgramType.SCHED_CLS || type == ProgramType.XDP) && h.packetAccess();
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

    private static void constSize(Env env, VState st, int regno, Reg reg, boolean zeroAllowed, Access access, Meta meta)
            throws VerifyError {
        if (!reg.isScalar()) {
            throw typeError(regno, reg, "scalar");
        }
        meta.sizeMax = reg.var.umax;
        if (reg.var.smin < 0) {
            throw VerifyError.eacces("R" + regno + " min value is negative, either use unsigned or 'var &= const'");
        }
        if (reg.var.umin == 0 && !zeroAllowed) {
            throw VerifyError.eacces("R" + regno + " invalid zero-sized read: u64=[" + reg.var.umin + "," + reg.var.umax + "]");
        }
        if (Long.compareUnsigned(reg.var.umax, MAX_VAR_SIZE) >= 0) {
            throw VerifyError.eacces("R" + regno + " unbounded memory access, use 'var &= const' or 'if (var < const)'");
        }
        Reg mem = st.reg(regno - 1);
        int size = (int) reg.var.umax;
        if (mem.isNull()) {
            if (zeroAllowed && size == 0) {
                return;
            }
            throw typeError(regno - 1, mem, "fp");
        }
        helperMem(env, st, regno - 1, mem, size, access, zeroAllowed);
    }

    /** The kernel's {@code check_helper_mem_access} for a read of {@code size} bytes. */
    static void checkMem(Env env, VState st, int regno, Reg reg, int size) throws VerifyError {
        helperMem(env, st, regno, reg, size, Access.READ, false);
    }

    private static void helperMem(Env env, VState st, int regno, Reg reg, int size, Access access, boolean zeroAllowed)
            throws VerifyError {
        boolean write = access == Access.WRITE;
        switch (reg.type) {
            case PTR_TO_STACK -> {
                long min = reg.off + reg.var.smin;
                long max = reg.off + reg.var.smax;
                if (size == 0 && !zeroAllowed) {
                    throw VerifyError.eacces("invalid zero-sized read");
                }
                StackAccess.checkBounds(reg, regno, min, max, size, write ? " write to" : " indirect access to");
                if (size == 0) {
                    return;
                }
                StackAccess.noteDepth(env, st, reg, min);
                if (write) {
                    markWritten(st, reg, min, max, size);
                    return;
                }
                for (long off = min; off <= max; off++) {
                    StackAccess.checkInitialized(st, reg, regno, off, size, env.options.privileged());
                }
            }
            case PTR_TO_MAP_VALUE -> {
                MemAccess.checkMapAccessType(reg.map, reg.off, size, write ? MemAccess.Kind.WRITE : MemAccess.Kind.READ);
                if (size > 0 || !zeroAllowed) {
                    MemAccess.checkMapRegion(reg, regno, reg.off, size);
                }
            }
            case PTR_TO_PACKET, PTR_TO_PACKET_META -> {
                if (size > 0 || !zeroAllowed) {
                    MemAccess.checkPacketRange(reg, regno, reg.off, size);
                }
            }
            default -> throw typeError(regno, reg, MEM_TYPES);
        }
    }

    /** Stack bytes a helper may have written: unknown data from now on, spilled registers there gone. */
    private static void markWritten(VState st, Reg ptr, long min, long max, int size) {
        Frame f = st.frames[ptr.frameno];
        for (long a = min; a < max + size; a++) {
            int spi = (int) ((-a - 1) / 8);
            StackSlot s = f.slotForWrite(spi);
            if (s.isSpill() || s.anyIrqFlag()) {
                s.fill(SlotType.MISC);
            }
            s.types[(int) ((-a - 1) % 8)] = SlotType.MISC;
        }
    }

    /** {@code MEM_ALIGNED}: a strict alignment check of the fixed-size argument. */
    private static void checkAligned(Reg reg, int size) throws VerifyError {
        PtrAlignment.check(reg, 0, size, true);
    }
}
