package org.rqbpf.verifier.state;

import org.rqbpf.program.MapDef;
import org.rqbpf.verifier.domain.Scalar;

/**
 * The abstract value of one register (or of a spilled stack slot): its type, for scalars the value
 * knowledge, for pointers the fixed offset {@code off} plus a variable offset in {@code var}.
 */
public final class Reg {
    public RegType type = RegType.NOT_INIT;
    /** The value of a scalar, or the variable part of a pointer's offset (constant 0 when none). */
    public Scalar var = Scalar.constant(0);
    /** Fixed offset of a pointer. */
    public int off;
    /**
     * Identity: the NULL-check id of a maybe-NULL map value (kept after the check for lock-holding maps,
     * naming the lock), the id of a packet pointer with a variable offset, or the link between copies of
     * a scalar. 0 when none.
     */
    public int id;
    /** The map of a map pointer or map value pointer. */
    public MapDef map;
    /** The frame a stack pointer points into. */
    public int frameno;
    /** Packet pointers: bytes past the pointer proven to lie before {@code data_end}. */
    public int range;
    /** The acquired reference (socket lookups) this pointer is, or derives from; 0 when none. */
    public int refObjId;

    public static Reg notInit() {
        return new Reg();
    }

    public static Reg unknownScalar() {
        Reg r = new Reg();
        r.type = RegType.SCALAR;
        r.var = Scalar.unknown();
        return r;
    }

    public static Reg scalar(Scalar s) {
        Reg r = new Reg();
        r.type = RegType.SCALAR;
        r.var = s;
        return r;
    }

    public static Reg constant(long v) {
        return scalar(Scalar.constant(v));
    }

    public static Reg pointer(RegType type, int off) {
        Reg r = new Reg();
        r.type = type;
        r.off = off;
        return r;
    }

    public Reg copy() {
        Reg r = new Reg();
        r.type = type;
        r.var = var.copy();
        r.off = off;
        r.id = id;
        r.map = map;
        r.frameno = frameno;
        r.range = range;
        r.refObjId = refObjId;
        return r;
    }

    public boolean isScalar() {
        return type == RegType.SCALAR;
    }

    public boolean isPointer() {
        return type.isPointer();
    }

    public boolean isConst() {
        return type == RegType.SCALAR && var.isConst();
    }

    /** A scalar known to be 0 (the NULL of pointer comparisons and kfunc arguments). */
    public boolean isNull() {
        return isConst() && var.constValue() == 0;
    }

    /** A pointer that may be NULL. */
    public boolean mayBeNull() {
        return type.mayBeNull();
    }
}
