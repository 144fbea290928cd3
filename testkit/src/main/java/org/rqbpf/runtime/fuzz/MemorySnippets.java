package org.rqbpf.runtime.fuzz;

import java.util.List;
import org.rqbpf.runtime.fuzz.GenState.Kind;
import org.rqbpf.runtime.fuzz.GenState.Reg;

/**
 * Loads and stores: the stack (every size, spills and fills of pointers, sign-extending loads), map
 * values reached through a looked-up pointer (constant offsets, variable offsets bounded by ALU ops and
 * compares, atomics), the {@code tc} ctx, and the packet behind {@code data}/{@code data_end} with and
 * without a bounds check. A few accesses are deliberately off by a little, so that the verifier's
 * bounds are exercised from both sides.
 */
final class MemorySnippets {
    private static final int[] SIZES = {1, 2, 4, 8};
    private static final int[] CTX_READ = {0, 4, 8, 12, 16, 32, 40, 48, 52, 56, 60, 64, 68};
    private static final int[] CTX_WRITE = {8, 32, 48, 52, 56, 60, 64};
    private static final List<String> FETCH = List.of("add", "and", "or", "xor");

    private MemorySnippets() {}

    static String width(int size) {
        return "u" + size * 8;
    }

    /** A store to or a load from the data area of the stack. */
    static void stack(GenState s) {
        if (s.chance(50)) {
            stackStore(s);
        } else {
            stackLoad(s);
        }
    }

    private static void stackStore(GenState s) {
        int size = SIZES[s.rnd.nextInt(4)];
        int off = size * (1 + s.rnd.nextInt(GenState.DATA_BYTES / size));
        if (s.frozenSlot[(off - 1) / 8] || s.frozenSlot[(off - size) / 8]) {
            return;
        }
        int src = s.chance(80) ? s.scalar() : -1;
        if (size == 8 && s.chance(20)) {
            src = anyPointer(s, src);
        }
        if (src < 0 && s.chance(50)) {
            s.emit("*(" + width(size) + " *)(r10 - " + off + ") = " + Constants.imm(s));
            s.written(off, size, null);
            return;
        }
        if (src < 0) {
            src = s.scalarOrConst();
        }
        s.emit("*(" + width(size) + " *)(r10 - " + off + ") = r" + src);
        s.written(off, size, s.regs[src].isPointer() ? s.regs[src] : null);
    }

    private static int anyPointer(GenState s, int fallback) {
        for (Kind k : new Kind[] {Kind.MAP_VALUE, Kind.CTX, Kind.PKT}) {
            int r = s.regOf(k);
            if (r >= 0 && s.chance(50)) {
                return r;
            }
        }
        return fallback;
    }

    private static void stackLoad(GenState s) {
        int size = SIZES[s.rnd.nextInt(4)];
        int off = size * (1 + s.rnd.nextInt(GenState.DATA_BYTES / size));
        if (!s.readable(off, size) && !s.chance(3)) {
            return;
        }
        int d = s.temp();
        Reg spilled = off % 8 == 0 ? s.spill[off / 8 - 1] : null;
        boolean signed = spilled == null && size < 8 && s.chance(25);
        s.emit("r" + d + " = *(" + (signed ? "s" + size * 8 : width(size)) + " *)(r10 - " + off + ")");
        s.regs[d] = spilled != null && size == 8 ? spilled : Reg.SCALAR;
    }

    /** Accesses through the map value pointer in {@code v}, ending inside {@code skip} when it branches. */
    static void mapValue(GenState s, int v) {
        MapShape m = s.regs[v].map();
        int roll = s.rnd.nextInt(100);
        if (roll < 45) {
            int size = SIZES[s.rnd.nextInt(4)];
            int off = s.chance(4) ? m.valueSize() - size + 1 : s.rnd.nextInt(Math.max(1, m.valueSize() - size + 1));
            if (size > m.valueSize() || !m.clearOfLock(off, size)) {
                return;
            }
            access(s, v, off, size);
        } else if (roll < 80) {
            variableOffset(s, v, m);
        } else if (m.valueSize() >= 8) {
            int off = 8 * s.rnd.nextInt(m.valueSize() / 8);
            if (m.clearOfLock(off, 8)) {
                atomic(s, v, off);
            }
        }
    }

    private static void access(GenState s, int p, int off, int size) {
        String at = off < 0 ? " - " + -off : " + " + off;
        if (s.chance(50)) {
            boolean wasFrozen = s.frozen[p];
            s.frozen[p] = true;
            int src = s.scalarOrConst();
            s.frozen[p] = wasFrozen;
            s.emit("*(" + width(size) + " *)(r" + p + at + ") = r" + src);
        } else {
            int d = s.temp();
            s.emit("r" + d + " = *(" + width(size) + " *)(r" + p + at + ")");
            s.regs[d] = Reg.SCALAR;
        }
    }

    private static void variableOffset(GenState s, int v, MapShape m) {
        String skip = s.newLabel();
        int size = SIZES[s.rnd.nextInt(m.valueSize() >= 8 ? 4 : 3)];
        if (m.lockOffset() >= 0) {
            size = Math.min(size, 4);
        }
        int low = m.lockOffset() >= 0 ? m.lockOffset() + 4 : 0;
        int room = m.valueSize() - low - size;
        if (room < 0) {
            return;
        }
        GenState.Snapshot before = s.snapshot();
        boolean wasFrozen = s.frozen[v];
        s.frozen[v] = true;
        int i = Bounds.index(s, room, skip);
        s.frozen[i] = true;
        int p = s.temp();
        s.frozen[v] = wasFrozen;
        s.frozen[i] = false;
        s.emit("r" + p + " = r" + v);
        int off = low;
        if (s.chance(25)) {
            // from the top down: p = v + (room + low), p -= i, access at p + 0
            s.emit("r" + p + " += " + (room + low));
            s.emit("r" + p + " -= r" + i);
        } else {
            s.emit("r" + p + " += r" + i);
            if (s.chance(25)) {
                int k = s.pick(1, 4, 8);
                s.emit("r" + p + " += " + k);
                off -= k;
            }
        }
        s.regs[p] = s.regs[v];
        access(s, p, off, size);
        s.label(skip);
        s.join(before);
    }

    private static void atomic(GenState s, int p, int off) {
        int src = s.writableScalar();
        if (src == p) {
            return;
        }
        boolean wide = s.chance(60);
        String v = wide ? "r" : "w";
        String ptr = "(" + (wide ? "u64" : "u32") + " *)(r" + p + " + " + off + ")";
        switch (s.rnd.nextInt(4)) {
            case 0 -> s.emit("lock *" + ptr + " " + s.pick(List.of("+=", "&=", "|=", "^=")) + " " + v + src);
            case 1 -> s.emit(v + src + " = atomic_fetch_" + s.pick(FETCH) + "(" + ptr + ", " + v + src + ")");
            case 2 -> s.emit(wide ? "r" + src + " = xchg_64(r" + p + " + " + off + ", r" + src + ")"
                    : "w" + src + " = xchg32_32(r" + p + " + " + off + ", w" + src + ")");
            default -> {
                if (src == 0 || p == 0 || s.frozen[0]) {
                    return;
                }
                s.emit("r0 = " + Constants.imm(s));
                s.emit(wide ? "r0 = cmpxchg_64(r" + p + " + " + off + ", r0, r" + src + ")"
                        : "w0 = cmpxchg32_32(r" + p + " + " + off + ", w0, w" + src + ")");
                s.regs[0] = Reg.SCALAR;
            }
        }
    }

    /** A load of a {@code __sk_buff} field (sometimes narrow), or a store to a writable one. */
    static void ctx(GenState s, int c) {
        if (s.chance(25)) {
            int off = CTX_WRITE[s.rnd.nextInt(CTX_WRITE.length)];
            s.emit("*(u32 *)(r" + c + " + " + off + ") = r" + s.scalarOrConst());
            return;
        }
        int off = CTX_READ[s.rnd.nextInt(CTX_READ.length)];
        int size = s.chance(80) ? 4 : s.pick(1, 2);
        if (s.chance(3)) {
            off += s.pick(1, 2, 84);
        }
        int d = s.temp();
        s.emit("r" + d + " = *(" + width(size) + " *)(r" + c + " + " + off + ")");
        s.regs[d] = Reg.SCALAR;
    }

    /**
     * Reads (and in tc, writes) the packet: load {@code data} and {@code data_end}, maybe move the
     * pointer by a bounded variable amount, compare {@code data + n} against {@code data_end} in one of
     * its spellings, then access bytes below {@code n} (now and then at {@code n}).
     */
    static void packet(GenState s, int c) {
        int d = s.temp();
        int e = s.temp();
        while (e == d) {
            e = s.temp();
        }
        s.emit("r" + d + " = *(u32 *)(r" + c + " + 76)");
        s.emit("r" + e + " = *(u32 *)(r" + c + " + 80)");
        s.regs[d] = new Reg(Kind.PKT, null);
        s.regs[e] = new Reg(Kind.PKT_END, null);
        String skip = s.newLabel();
        GenState.Snapshot before = s.snapshot();
        s.frozen[d] = s.frozen[e] = true;
        if (s.chance(30)) {
            int i = Bounds.index(s, 40, skip);
            s.emit("r" + d + " += r" + i);
        }
        int n = 1 + s.rnd.nextInt(40);
        if (!s.chance(4)) {
            int t = s.temp();
            s.emit("r" + t + " = r" + d);
            s.emit("r" + t + " += " + n);
            s.emit(switch (s.rnd.nextInt(20)) {
                case 0, 1, 2, 3, 4, 5 -> "if r" + t + " > r" + e + " goto " + skip;
                case 6, 7, 8, 9, 10, 11 -> "if r" + e + " < r" + t + " goto " + skip;
                case 12 -> "if r" + t + " s> r" + e + " goto " + skip;
                default -> "if r" + e + " <= r" + t + " goto " + skip;
            });
            s.regs[t] = Reg.UNINIT;
        }
        for (int k = s.rnd.nextInt(3); k >= 0; k--) {
            int size = SIZES[s.rnd.nextInt(4)];
            int hi = n - size + (s.chance(4) ? 1 : 0);
            if (hi < 0) {
                continue;
            }
            int off = s.rnd.nextInt(hi + 1);
            if (s.chance(20)) {
                s.emit("*(" + width(size) + " *)(r" + d + " + " + off + ") = r" + s.scalarOrConst());
            } else {
                int x = s.temp();
                s.emit("r" + x + " = *(" + width(size) + " *)(r" + d + " + " + off + ")");
                s.regs[x] = Reg.SCALAR;
            }
        }
        s.frozen[d] = s.frozen[e] = false;
        s.label(skip);
        s.join(before);
    }
}
