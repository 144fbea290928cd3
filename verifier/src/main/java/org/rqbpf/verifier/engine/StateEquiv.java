package org.rqbpf.verifier.engine;

import java.util.List;
import org.rqbpf.verifier.state.Frame;
import org.rqbpf.verifier.state.Ref;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;
import org.rqbpf.verifier.state.SlotType;
import org.rqbpf.verifier.state.StackSlot;
import org.rqbpf.verifier.state.VState;

/**
 * State subsumption for pruning (the kernel's {@code states_equal}): an explored state {@code old}
 * covers {@code cur} when every live register and every stack slot of {@code cur} is within {@code old}'s
 * (range and tnum inclusion, same pointer kinds and offsets), and the reference lists (locks, IRQ flags)
 * match element by element (verifier-rules.md §4.7). Ids are compared through one bijective map shared
 * by registers, slots and references. In exact mode (loop detection) everything must be identical.
 */
final class StateEquiv {
    private final int[] oldIds = new int[64];
    private final int[] curIds = new int[64];
    private int n;
    private int tmpId;
    long liveCompared;

    boolean equal(Env env, VState old, VState cur, int idx, boolean exact) {
        if (old.frames.length != cur.frames.length || old.refs.size() != cur.refs.size()) {
            return false;
        }
        n = 0;
        tmpId = 0;
        for (int i = 0; i < cur.frames.length; i++) {
            Frame of = old.frames[i], cf = cur.frames[i];
            if (of.callsite != cf.callsite) {
                return false;
            }
            int live = i == cur.frames.length - 1 ? env.liveness.liveIn(idx)
                    : env.liveness.liveAfterCall(cur.frames[i + 1].callsite);
            for (int r = 0; r < 10; r++) {
                if (exact || (live & (1 << r)) != 0) {
                    liveCompared++;
                    if (!regsafe(of.regs[r], cf.regs[r], exact)) {
                        return false;
                    }
                }
            }
            if (!stacksafe(of, cf, exact)) {
                return false;
            }
        }
        return refsafe(old.refs, cur.refs);
    }

    private boolean checkIds(int oldId, int curId) {
        if ((oldId == 0) != (curId == 0)) {
            return false;
        }
        if (oldId == 0) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (oldIds[i] == oldId) {
                return curIds[i] == curId;
            }
            if (curIds[i] == curId) {
                return false;
            }
        }
        if (n == oldIds.length) {
            return false;
        }
        oldIds[n] = oldId;
        curIds[n++] = curId;
        return true;
    }

    /** A scalar id of 0 in {@code cur} is unique: it may stand for an old id used nowhere else. */
    private boolean checkScalarIds(int oldId, int curId) {
        if (oldId == 0) {
            return true;
        }
        return checkIds(oldId, curId != 0 ? curId : --tmpId);
    }

    boolean regsafe(Reg old, Reg cur, boolean exact) {
        if (old == cur && old.id == 0) {
            return true;
        }
        if (old.type == RegType.NOT_INIT) {
            return !exact || cur.type == RegType.NOT_INIT;
        }
        if (cur.type != old.type) {
            return false;
        }
        if (exact) {
            return old.off == cur.off && old.map == cur.map && old.frameno == cur.frameno && old.range == cur.range
                    && old.var.sameAs(cur.var) && checkIds(old.id, cur.id) && checkIds(old.refObjId, cur.refObjId);
        }
        switch (old.type) {
            case SCALAR:
                return cur.var.within(old.var) && checkScalarIds(old.id, cur.id);
            case PTR_TO_MAP_VALUE:
            case PTR_TO_MAP_VALUE_OR_NULL:
                return old.map == cur.map && old.off == cur.off && cur.var.within(old.var) && checkIds(old.id, cur.id);
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
                return old.range <= cur.range && old.off == cur.off && checkIds(old.id, cur.id) && cur.var.within(old.var);
            case PTR_TO_STACK:
                return old.frameno == cur.frameno && old.off == cur.off && old.var.sameAs(cur.var);
            case PTR_TO_PACKET_END:
                return true;
            default:
                return old.off == cur.off && old.map == cur.map && old.var.sameAs(cur.var) && checkIds(old.id, cur.id)
                        && checkIds(old.refObjId, cur.refObjId);
        }
    }

    private boolean stacksafe(Frame of, Frame cf, boolean exact) {
        int slots = exact ? Math.max(of.stack.length, cf.stack.length) : of.stack.length;
        for (int spi = 0; spi < slots; spi++) {
            StackSlot o = of.slotOrNull(spi);
            StackSlot c = cf.slotOrNull(spi);
            if (o == c) {
                if (o != null && o.isSpill() && o.spilled.id != 0 && !checkIds(o.spilled.id, c.spilled.id)) {
                    return false;
                }
                if (o != null && o.isIrqFlag() && !checkIds(o.irqRef, c.irqRef)) {
                    return false;
                }
                continue;
            }
            if (!slotSafe(o, c, exact)) {
                return false;
            }
        }
        return true;
    }

    private boolean slotSafe(StackSlot o, StackSlot c, boolean exact) {
        if (o == null || o.allInvalid()) {
            return !exact || c == null || c.allInvalid();
        }
        if (o.isSpill()) {
            if (c != null && c.isSpill()) {
                return regsafe(o.spilled, c.spilled, exact);
            }
            return !exact && c != null && o.spilled.isScalar() && o.spilled.id == 0 && o.spilled.var.isUnknown()
                    && allInitialized(c);
        }
        if (o.isIrqFlag()) {
            return c != null && c.isIrqFlag() && c.irqClass == o.irqClass && checkIds(o.irqRef, c.irqRef);
        }
        for (int j = 0; j < 8; j++) {
            SlotType ot = o.types[j];
            SlotType ct = c == null ? SlotType.INVALID : c.types[j];
            if (exact) {
                if (ot != ct) {
                    return false;
                }
                continue;
            }
            switch (ot) {
                case INVALID -> { }
                case MISC -> {
                    if (ct == SlotType.INVALID || ct == SlotType.IRQ_FLAG || ct == SlotType.SPILL && !c.spilled.isScalar()) {
                        return false;
                    }
                }
                default -> {
                    if (ct != ot) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean allInitialized(StackSlot c) {
        for (SlotType t : c.types) {
            if (t != SlotType.MISC && t != SlotType.ZERO) {
                return false;
            }
        }
        return true;
    }

    private boolean refsafe(List<Ref> old, List<Ref> cur) {
        for (int i = 0; i < old.size(); i++) {
            Ref o = old.get(i), c = cur.get(i);
            if (o.kind() != c.kind() || o.map() != c.map() || o.irqClass() != c.irqClass() || !checkIds(o.id(), c.id())) {
                return false;
            }
        }
        return true;
    }

    /** A hash of everything exact equality compares except ids (equal states hash equally). */
    static long exactHash(VState st) {
        long h = st.frames.length * 31L + st.refs.size();
        for (Frame f : st.frames) {
            h = h * 31 + f.callsite;
            for (Reg r : f.regs) {
                h = h * 31 + regHash(r);
            }
            for (StackSlot s : f.stack) {
                if (s == null || s.allInvalid()) {
                    continue;
                }
                for (SlotType t : s.types) {
                    h = h * 7 + t.ordinal();
                }
                if (s.isSpill()) {
                    h = h * 31 + regHash(s.spilled);
                }
            }
        }
        for (Ref r : st.refs) {
            h = h * 31 + r.kind().ordinal() * 7L + System.identityHashCode(r.map());
        }
        return h;
    }

    private static long regHash(Reg r) {
        long h = r.type.ordinal();
        if (r.type == RegType.NOT_INIT) {
            return h;
        }
        h = h * 31 + r.off;
        h = h * 31 + r.range;
        h = h * 31 + r.frameno;
        h = h * 31 + System.identityHashCode(r.map);
        h = h * 31 + r.var.tnum.value();
        h = h * 31 + r.var.tnum.mask();
        h = h * 31 + r.var.smin;
        h = h * 31 + r.var.umax;
        return h;
    }
}
