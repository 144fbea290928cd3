package org.rqbpf.verifier.engine;

import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.program.LockField;
import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Tnum;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.VState;

/**
 * One memory access through a pointer register, checked against the region it points into (the kernel's
 * {@code check_mem_access}): stack, map value (with {@code value_size}, read-only maps and lock fields),
 * ctx fields of the program type, and packet data within the range proven against {@code data_end}.
 */
final class MemAccess {
    enum Kind { READ, WRITE }

    private MemAccess() {}

    /**
     * Checks the access of {@code size} bytes at {@code ptr + insnOff}; for a read returns the loaded value
     * (a scalar zero-extended to {@code size}, or a filled pointer), for a write stores {@code value}.
     *
     * @param value the stored register (null for an immediate store)
     * @param zero true when the stored value is known to be 0
     */
    static Reg access(Env env, VState st, int regno, Reg ptr, int insnOff, int size, Kind kind, Reg value, boolean zero)
            throws VerifyError {
        return access(env, st, regno, ptr, insnOff, size, kind, value, zero, false);
    }

    /** As {@link #access}, for a sign-extending load ({@code signExtend}) or not. */
    static Reg access(Env env, VState st, int regno, Reg ptr, int insnOff, int size, Kind kind, Reg value, boolean zero,
            boolean signExtend) throws VerifyError {
        if (ptr.type != RegType.PTR_TO_STACK) {
            PtrAlignment.check(ptr, insnOff, size, env.options.strictAlignment());
        }
        switch (ptr.type) {
            case PTR_TO_STACK -> {
                return stack(env, st, regno, ptr, insnOff, size, kind, value, zero);
            }
            case PTR_TO_MAP_VALUE -> {
                return mapValue(ptr, regno, insnOff, size, kind);
            }
            case PTR_TO_CTX -> {
                Reg r = ctx(env.prog.type(), ptr, regno, insnOff, size, kind, signExtend);
                if (r != null && r.mayBeNull()) {
                    r.id = env.newId(); // __sk_buff->sk: NULL-checked like a lookup
                }
                return r;
            }
            case PTR_TO_PACKET, PTR_TO_PACKET_META -> {
                return packet(env.prog.type(), ptr, regno, insnOff, size, kind);
            }
            case PTR_TO_SOCKET, PTR_TO_SOCK_COMMON, PTR_TO_TCP_SOCK -> {
                if (kind == Kind.WRITE) {
                    throw VerifyError.eacces("R" + regno + " cannot write into " + ptr.type.spelling());
                }
                SocketAccess.check(ptr, regno, ptr.off + insnOff, size);
                return sized(size);
            }
            default -> throw VerifyError.eacces("R" + regno + " invalid mem access '" + ptr.type.spelling() + "'");
        }
    }

    private static Reg stack(Env env, VState st, int regno, Reg ptr, int insnOff, int size, Kind kind, Reg value,
            boolean zero) throws VerifyError {
        PtrAlignment.check(ptr, insnOff, size, true);
        long minOff = ptr.off + insnOff + ptr.var.smin;
        long maxOff = ptr.off + insnOff + ptr.var.smax;
        StackAccess.checkBounds(ptr, regno, minOff, maxOff, size, kind == Kind.READ ? " read from" : " write to");
        StackAccess.noteDepth(env, st, ptr, minOff);
        boolean constOff = ptr.var.isConst();
        if (kind == Kind.WRITE) {
            if (constOff) {
                StackAccess.write(st, ptr, minOff, size, value, zero, env.options.privileged());
            } else {
                StackAccess.writeVar(env, st, ptr, regno, minOff, maxOff, size, zero);
            }
            return null;
        }
        boolean allowUninit = env.options.privileged();
        return constOff ? StackAccess.read(st, ptr, minOff, size, allowUninit)
                : StackAccess.readVar(st, ptr, regno, minOff, maxOff, size, " read from", allowUninit);
    }

    private static Reg mapValue(Reg ptr, int regno, int insnOff, int size, Kind kind) throws VerifyError {
        MapDef map = ptr.map;
        long off = ptr.off + (long) insnOff;
        checkMapAccessType(map, off, size, kind);
        checkMapRegion(ptr, regno, off, size);
        if (kind == Kind.WRITE) {
            return null;
        }
        if (map.readOnlyForPrograms() && map.initialValue() != null && ptr.var.isConst()) {
            return Reg.constant(readConst(map.initialValue(), (int) (off + ptr.var.constValue()), size));
        }
        return sized(size);
    }

    /** The kernel's {@code check_map_access_type}: {@code BPF_F_RDONLY_PROG} and {@code BPF_F_WRONLY_PROG} maps. */
    static void checkMapAccessType(MapDef map, long off, int size, Kind kind) throws VerifyError {
        boolean write = kind == Kind.WRITE;
        if (write ? map.readOnlyForPrograms() : map.writeOnlyForPrograms()) {
            throw VerifyError.eacces((write ? "write into" : "read from") + " map forbidden, value_size=" + map.valueSize()
                    + " off=" + off + " size=" + size);
        }
    }

    /** Bounds of a map value access over the register's whole offset range, then the lock fields (M1). */
    static void checkMapRegion(Reg ptr, int regno, long off, int size) throws VerifyError {
        MapDef map = ptr.map;
        Scalar v = ptr.var;
        if (v.smin < 0 && (v.smin == Long.MIN_VALUE || off + v.smin != (int) (off + v.smin) || off + v.smin < 0)) {
            throw VerifyError.eacces("R" + regno + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        if (!inside(off + v.smin, size, map.valueSize())) {
            throw VerifyError.eacces("invalid access to map value, value_size=" + map.valueSize() + " off="
                    + (off + v.smin) + " size=" + size + (v.isConst() ? ""
                    : "\nR" + regno + " min value is outside of the allowed memory range"));
        }
        if (Long.compareUnsigned(v.umax, AluOps.MAX_VAR_OFF) >= 0) {
            throw VerifyError.eacces("R" + regno + " unbounded memory access, make sure to bounds check any such access");
        }
        if (!inside(off + v.umax, size, map.valueSize())) {
            throw VerifyError.eacces("invalid access to map value, value_size=" + map.valueSize() + " off="
                    + (off + v.umax) + " size=" + size + "\nR" + regno + " max value is outside of the allowed memory range");
        }
        for (LockField f : map.lockFields()) {
            if (off + v.smin < f.offset() + 4 && f.offset() < off + v.umax + size) {
                throw VerifyError.eacces(f.kind().typeName() + " cannot be accessed directly by load/store");
            }
        }
    }

    private static boolean inside(long off, int size, int memSize) {
        return off >= 0 && size > 0 && off + size <= memSize;
    }

    private static long readConst(byte[] bytes, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[off + i] & 0xffL);
        }
        return v;
    }

    private static Reg ctx(ProgramType type, Reg ptr, int regno, int insnOff, int size, Kind kind, boolean signExtend)
            throws VerifyError {
        checkCtxOffset(ptr, regno);
        int off = insnOff;
        if (!type.fieldsOnly()) {
            if (off < 0 || off % size != 0 || kind == Kind.WRITE || off + size > type.ctxSize()) {
                throw VerifyError.eacces("invalid bpf_context access off=" + off + " size=" + size);
            }
            return sized(size);
        }
        return ContextAccess.check(type, off, size, kind, signExtend);
    }

    private static Reg packet(ProgramType type, Reg ptr, int regno, int insnOff, int size, Kind kind) throws VerifyError {
        if (kind == Kind.WRITE && type == ProgramType.SOCKET_FILTER) {
            throw VerifyError.eacces("cannot write into packet");
        }
        if (ptr.var.smin < 0) {
            throw VerifyError.eacces("R" + regno + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        checkPacketRange(ptr, regno, ptr.off + (long) insnOff, size);
        return kind == Kind.READ ? sized(size) : null;
    }

    /**
     * The kernel's {@code __check_ptr_off_reg} for a ctx pointer: loads, stores and helper arguments take the
     * context only as the program received it.
     */
    static void checkCtxOffset(Reg ptr, int regno) throws VerifyError {
        if (ptr.off < 0) {
            throw VerifyError.eacces("negative offset ctx ptr R" + regno + " off=" + ptr.off + " disallowed");
        }
        if (ptr.off != 0) {
            throw VerifyError.eacces("dereference of modified ctx ptr R" + regno + " off=" + ptr.off + " disallowed");
        }
        if (!ptr.var.isConst() || ptr.var.constValue() != 0) {
            throw VerifyError.eacces("variable ctx access var_off=" + ptr.var.tnum + " disallowed");
        }
    }

    /**
     * The kernel's {@code check_packet_access} past the sign check: {@code size} bytes at {@code off} must lie
     * in the range proven against {@code data_end}; a pointer known to be at or beyond the end (a negative
     * range, from {@code mark_pkt_end}) allows nothing (EINVAL). Linux prints the access offset twice.
     */
    static void checkPacketRange(Reg ptr, int regno, long off, int size) throws VerifyError {
        String outside = "R" + regno + " offset is outside of the packet";
        if (ptr.range < 0) {
            throw new VerifyError(outside);
        }
        if (off < 0 || size <= 0 || off + size > ptr.range) {
            throw VerifyError.eacces("invalid access to packet, off=" + off + " size=" + size + ", R" + regno + "(id="
                    + ptr.id + ",off=" + off + ",r=" + ptr.range + ")\n" + outside);
        }
    }

    /** An unknown scalar of {@code size} bytes, zero-extended. */
    static Reg sized(int size) {
        if (size >= 8) {
            return Reg.unknownScalar();
        }
        return Reg.scalar(Scalar.unsignedRange(0, (1L << (size * 8)) - 1));
    }

    static int errnoOf(VerifyError e) {
        return e.errno() == 0 ? Errno.EACCES : e.errno();
    }
}
