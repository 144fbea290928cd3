package org.rqbpf.verifier.log;

import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Ref;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.SlotType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * Prints register and stack state in the kernel's log spelling ({@code print_verifier_state}):
 * {@code R0=map_value_or_null(id=1,map=arrmap,ks=4,vs=4) R10=fp0 fp-8=mmmm????}.
 */
public final class StatePrinter {
    private StatePrinter() {}

    /** The whole state of the current frame (and the reference list), each item preceded by a space. */
    public static String full(VState st) {
        StringBuilder sb = new StringBuilder();
        Frame f = st.cur();
        if (st.curframe() > 0) {
            sb.append(" frame").append(st.curframe()).append(':');
        }
        for (int r = 0; r < f.regs.length; r++) {
            Reg reg = f.regs[r];
            if (reg.type != RegType.NOT_INIT) {
                sb.append(" R").append(r).append('=').append(reg(reg, f.frameno));
            }
        }
        for (int spi = 0; spi < f.stack.length; spi++) {
            appendSlot(sb, f, spi);
        }
        sb.append(refs(st));
        return sb.toString();
    }

    /** The registers in {@code regMask} (bit r = Rr) and the slot {@code spiMask64Lo} an instruction touched. */
    public static String changed(VState st, int regMask, int spiMask64Lo, boolean refsChanged) {
        StringBuilder sb = new StringBuilder();
        Frame f = st.cur();
        for (int r = 0; r < f.regs.length; r++) {
            if ((regMask & (1 << r)) != 0) {
                Reg reg = f.regs[r];
                sb.append(" R").append(r).append('=').append(reg(reg, f.frameno));
            }
        }
        if (spiMask64Lo >= 0 && spiMask64Lo < f.stack.length) {
            appendSlot(sb, f, spiMask64Lo);
        }
        if (refsChanged) {
            String refs = refs(st);
            sb.append(refs.isEmpty() ? " refs=" : refs);
        }
        return sb.toString();
    }

    private static void appendSlot(StringBuilder sb, Frame f, int spi) {
        StackSlot s = f.stack[spi];
        if (s == null || s.allInvalid()) {
            return;
        }
        sb.append(" fp").append(-(spi + 1) * 8);
        if (s.isSpill()) {
            sb.append('=').append(reg(s.spilled, f.frameno));
        } else if (s.isIrqFlag()) {
            sb.append("=irq_flag(ref_id=").append(s.irqRef).append(",class=").append(s.irqClass.spelling()).append(')');
        } else {
            sb.append('=');
            for (SlotType t : s.types) {
                sb.append(t.mark());
            }
        }
    }

    /** The reference list: {@code refs=res_lock(id=1,map=arrmap),irq(id=3,class=lock)}. */
    public static String refs(VState st) {
        if (st.refs.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" refs=");
        for (int i = 0; i < st.refs.size(); i++) {
            Ref r = st.refs.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(r.kind().name().toLowerCase()).append("(id=").append(r.id());
            if (r.map() != null) {
                sb.append(",map=").append(r.map().name());
            }
            if (r.irqClass() != null) {
                sb.append(",class=").append(r.irqClass().spelling());
            }
            sb.append(",insn=").append(r.insn()).append(')');
        }
        return sb.toString();
    }

    public static String reg(Reg reg, int curFrame) {
        Scalar v = reg.var;
        if (reg.type == RegType.SCALAR) {
            if (v.isConst()) {
                return snum(v.constValue());
            }
            StringBuilder sb = new StringBuilder("scalar(");
            String sep = "";
            if (reg.id != 0) {
                sb.append("id=").append(reg.id);
                sep = ",";
            }
            ranges(sb, v, sep);
            return sb.append(')').toString();
        }
        if (reg.type == RegType.NOT_INIT) {
            return "?";
        }
        StringBuilder sb = new StringBuilder(reg.type.spelling());
        if (reg.type == RegType.PTR_TO_STACK) {
            if (reg.frameno != curFrame) {
                sb.append('[').append(reg.frameno).append(']');
            }
            if (v.isConst()) {
                return sb.append(snum(v.constValue() + reg.off)).toString();
            }
        }
        sb.append('(');
        String sep = "";
        if (reg.id != 0) {
            sb.append("id=").append(reg.id);
            sep = ",";
        }
        if (reg.refObjId != 0) {
            sb.append(sep).append("ref_obj_id=").append(reg.refObjId);
            sep = ",";
        }
        if (reg.map != null) {
            sb.append(sep).append("map=").append(reg.map.name());
            sep = ",";
        }
        if (reg.off != 0) {
            sb.append(sep).append("off=").append(reg.off);
            sep = ",";
        }
        if (reg.type.isPacket()) {
            sb.append(sep).append("r=").append(unum(reg.range));
            sep = ",";
        } else if (reg.map != null) {
            sb.append(sep).append("ks=").append(reg.map.keySize()).append(",vs=").append(reg.map.valueSize());
            sep = ",";
        }
        if (v.isConst()) {
            if (v.constValue() != 0) {
                sb.append(sep).append("imm=").append(Long.toHexString(v.constValue()));
            }
        } else {
            ranges(sb, v, sep);
        }
        return sb.append(')').toString();
    }

    /** The kernel's {@code print_scalar_ranges}: non-default bounds, equal values merged, then var_off. */
    private static void ranges(StringBuilder sb, Scalar v, String sep) {
        String[] names = {"smin", "smax", "umin", "umax", "smin32", "smax32", "umin32", "umax32"};
        long[] vals = {v.smin, v.smax, v.umin, v.umax, v.s32min, v.s32max, v.u32min & 0xffffffffL, v.u32max & 0xffffffffL};
        boolean[] omit = {v.smin == Long.MIN_VALUE, v.smax == Long.MAX_VALUE, v.umin == 0, v.umax == -1L,
            v.s32min == Integer.MIN_VALUE, v.s32max == Integer.MAX_VALUE, v.u32min == 0, v.u32max == -1};
        for (int i = 0; i < names.length; i++) {
            if (omit[i]) {
                continue;
            }
            boolean neg1 = names[i].charAt(0) == 's' && vals[i] < 0;
            sb.append(sep).append(names[i]).append('=');
            sep = ",";
            for (int j = i + 2; j < names.length; j += 2) {
                boolean neg2 = names[j].charAt(0) == 's' && vals[j] < 0;
                if (!omit[j] && neg1 == neg2 && vals[i] == vals[j]) {
                    sb.append(names[j]).append('=');
                    omit[j] = true;
                }
            }
            sb.append(names[i].charAt(0) != 's' ? unum(vals[i]) : i >= 4 ? snum32(vals[i]) : snum(vals[i]));
        }
        if (!v.tnum.isUnknown()) {
            sb.append(sep).append("var_off=").append(v.tnum);
        }
    }

    private static String snum(long v) {
        return v >= -512 && v <= 512 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    /** A 32-bit signed bound: decimal near 0, else its 32 bits in hex (Linux 6.18: {@code smin32=0x80000100}). */
    private static String snum32(long v) {
        return v >= -512 && v <= 512 ? Long.toString(v) : "0x" + Integer.toHexString((int) v);
    }

    private static String unum(long v) {
        return Long.compareUnsigned(v, 512) <= 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
