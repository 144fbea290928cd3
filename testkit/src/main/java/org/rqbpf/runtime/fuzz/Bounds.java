package org.rqbpf.runtime.fuzz;

import java.util.List;
import org.rqbpf.runtime.fuzz.GenState.Reg;

/**
 * Builds a variable offset the verifier has to bound: a scalar from the program's data, put through a
 * few ALU operations whose range tracking matters (masks, shifts, sign extension, 32-bit forms,
 * division), then bounded by a mask or by compares in one of their spellings. Usually the bound is
 * right; sometimes it is one too large or only one-sided, or made by a 32-bit compare that says nothing
 * about the upper half, and then the verifier must reject the access that follows.
 */
final class Bounds {
    private static final List<String> SHAPING = List.of("&= 255", "&= 65535", ">>= 3", "<<= 2", "+= 5", "-= 3",
            "*= 3", "%= 17", "/= 3", "s>>= 1", "|= 1", "^= 7");

    private Bounds() {}

    /** Emits the computation; returns the register holding the offset (a fresh temp). */
    static int index(GenState s, int limit, String skip) {
        int src = source(s);
        int i = s.temp();
        s.emit((s.chance(25) ? "w" + i + " = w" : "r" + i + " = r") + src);
        s.regs[i] = Reg.SCALAR;
        for (int k = s.rnd.nextInt(3); k > 0; k--) {
            shape(s, i);
        }
        int bound = s.chance(5) ? limit + 1 : s.rnd.nextInt(limit + 1);
        switch (s.rnd.nextInt(10)) {
            case 0, 1 -> s.emit("r" + i + " &= " + mask(bound));
            case 2 -> s.emit("if r" + i + " > " + bound + " goto " + skip);
            case 3 -> s.emit("if r" + i + " >= " + (bound + 1) + " goto " + skip);
            case 4 -> {
                s.emit("if r" + i + " s> " + bound + " goto " + skip);
                if (!s.chance(10)) {
                    s.emit("if r" + i + " s< 0 goto " + skip);
                }
            }
            case 5 -> s.emit("if w" + i + " > " + bound + " goto " + skip);
            case 6 -> {
                int k = s.temp();
                if (k == i) {
                    s.emit("r" + i + " &= " + mask(bound));
                    break;
                }
                s.emit("r" + k + " = " + bound);
                s.regs[k] = Reg.SCALAR;
                s.emit(s.chance(50) ? "if r" + i + " > r" + k + " goto " + skip : "if r" + k + " < r" + i + " goto " + skip);
            }
            case 7 -> {
                s.emit("if w" + i + " s> " + bound + " goto " + skip);
                s.emit("if w" + i + " s< 0 goto " + skip);
            }
            case 8 -> s.emit("if r" + i + " & " + ~mask(bound) + " goto " + skip);
            default -> {
                s.emit("if r" + i + " < " + (bound + 1) + " goto +1");
                s.emit("goto " + skip);
            }
        }
        return i;
    }

    private static int source(GenState s) {
        int c = s.regOf(GenState.Kind.CTX);
        if (c >= 0 && s.chance(40)) {
            int d = s.temp();
            s.emit("r" + d + " = *(u32 *)(r" + c + " + " + s.pick(0, 4, 8, 16, 48, 52, 68) + ")");
            s.regs[d] = Reg.SCALAR;
            return d;
        }
        return s.scalarOrConst();
    }

    private static void shape(GenState s, int i) {
        switch (s.rnd.nextInt(6)) {
            case 4 -> throughStack(s, i);
            case 0 -> s.emit("r" + i + " = (s" + s.pick(8, 16, 32) + ")r" + i);
            case 1 -> s.emit("w" + i + " " + s.pick(SHAPING));
            case 2 -> s.emit("r" + i + " = be16 r" + i);
            default -> s.emit("r" + i + " " + s.pick(SHAPING));
        }
    }

    /**
     * Spills {@code i} and fills it back with another size or from another byte of the slot, which the
     * verifier's tracking of spilled scalars has to get right.
     */
    private static void throughStack(GenState s, int i) {
        int slot = 8 * (1 + s.rnd.nextInt(GenState.DATA_BYTES / 8));
        if (s.frozenSlot[slot / 8 - 1]) {
            return;
        }
        int store = s.pick(8, 8, 4, 2, 1);
        s.emit("*(u" + store * 8 + " *)(r10 - " + slot + ") = r" + i);
        s.written(slot, store, null);
        int load = s.pick(8, 4, 4, 2, 1);
        int off = slot - load * s.rnd.nextInt(8 / load);
        if (!s.readable(off, load)) {
            off = slot;
            load = store;
        }
        s.emit("r" + i + " = *(" + (s.chance(20) && load < 8 ? "s" : "u") + load * 8 + " *)(r10 - " + off + ")");
    }

    /** The largest all-ones-below mask not above {@code bound}, or {@code bound} itself now and then. */
    private static long mask(int bound) {
        int m = Integer.highestOneBit(bound + 1) - 1;
        return m == 0 || bound % 3 == 0 ? bound : m;
    }
}
