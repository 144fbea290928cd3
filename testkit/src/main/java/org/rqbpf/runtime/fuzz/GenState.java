package org.rqbpf.runtime.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What the program generator believes about the registers and the stack at the instruction it is about
 * to emit, plus the emitted lines. The belief is the generator's own, not the verifier's: it only steers
 * the generator towards programs that plausibly verify (read what was written, dereference what was
 * checked). Where two paths join, {@link #join} keeps only what both agree on, so a register written in
 * one arm of a branch is not used afterwards.
 */
final class GenState {
    /** What a register holds, as far as the generator is concerned. */
    enum Kind { UNINIT, SCALAR, CTX, MAP_VALUE, PKT, PKT_END }

    /** A register's content; {@code map} is set for map values. */
    record Reg(Kind kind, MapShape map) {
        static final Reg UNINIT = new Reg(Kind.UNINIT, null);
        static final Reg SCALAR = new Reg(Kind.SCALAR, null);

        boolean isPointer() {
            return kind != Kind.UNINIT && kind != Kind.SCALAR;
        }
    }

    /** The stack bytes the data snippets use: {@code fp-8} down to {@code fp-DATA_BYTES}. */
    static final int DATA_BYTES = 128;
    static final int KEY_SLOT = 136;
    static final int VALUE_AREA = 176;
    static final int FMT_SLOT = 184;
    static final int FLAG_SLOT = 192;

    final Random rnd;
    final Reg[] regs = new Reg[11];
    /** Registers no snippet may write (ctx, loop counters, held locks, pointers a loop body relies on). */
    final boolean[] frozen = new boolean[11];
    /** {@code init[k]}: byte {@code fp-k} holds written data (1..DATA_BYTES). */
    boolean[] init = new boolean[DATA_BYTES + 1];
    /** {@code spill[j]}: the register spilled to the 8-byte slot {@code fp-8(j+1)}, or null. */
    Reg[] spill = new Reg[DATA_BYTES / 8];
    /** Stack slots a loop body must not overwrite (they hold spilled pointers it may fill). */
    final boolean[] frozenSlot = new boolean[DATA_BYTES / 8];
    final List<String> lines = new ArrayList<>();
    final boolean inSubprog;
    int depth;
    int lockDepth;
    int budget;
    private final int[] labelCounter;

    GenState(Random rnd, boolean inSubprog, int budget, int[] labelCounter) {
        this.rnd = rnd;
        this.inSubprog = inSubprog;
        this.budget = budget;
        this.labelCounter = labelCounter;
        Arrays.fill(regs, Reg.UNINIT);
    }

    void emit(String line) {
        lines.add("\t" + line);
        budget--;
    }

    void label(String name) {
        lines.add(name + ":");
    }

    String newLabel() {
        return "L" + labelCounter[0]++;
    }

    boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    <T> T pick(List<T> items) {
        return items.get(rnd.nextInt(items.size()));
    }

    int pick(int... items) {
        return items[rnd.nextInt(items.length)];
    }

    /** A random register of the given kind, or -1. */
    int regOf(Kind kind) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            if (regs[r].kind() == kind) {
                out.add(r);
            }
        }
        return out.isEmpty() ? -1 : pick(out);
    }

    /** A scalar register, or -1 (a snippet then loads a constant first). */
    int scalar() {
        return regOf(Kind.SCALAR);
    }

    /** A register a snippet may overwrite, preferring those that hold nothing useful. */
    int temp() {
        List<Integer> free = new ArrayList<>();
        List<Integer> any = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            if (frozen[r]) {
                continue;
            }
            any.add(r);
            if (!regs[r].isPointer()) {
                free.add(r);
            }
        }
        return free.isEmpty() || chance(10) ? pick(any) : pick(free);
    }

    /** A writable callee-saved register (survives calls), or -1. */
    int calleeSaved() {
        List<Integer> out = new ArrayList<>();
        for (int r = 6; r < 10; r++) {
            if (!frozen[r]) {
                out.add(r);
            }
        }
        return out.isEmpty() ? -1 : pick(out);
    }

    /** A register holding an initialised scalar, loading a constant into a temp if none does. */
    int scalarOrConst() {
        int r = scalar();
        if (r >= 0 && !chance(15)) {
            return r;
        }
        r = temp();
        emit("r" + r + " = " + Constants.imm(this));
        regs[r] = Reg.SCALAR;
        return r;
    }

    /** A scalar register this snippet may overwrite, loading a constant into a temp if none is. */
    int writableScalar() {
        int r = scalar();
        if (r >= 0 && !frozen[r] && !chance(15)) {
            return r;
        }
        r = temp();
        emit("r" + r + " = " + Constants.imm(this));
        regs[r] = Reg.SCALAR;
        return r;
    }

    /** After a call: r1-r5 are unreadable, r0 holds the result. */
    void clobberCallerSaved(Reg r0) {
        for (int r = 1; r <= 5; r++) {
            regs[r] = Reg.UNINIT;
        }
        regs[0] = r0;
    }

    /** Marks {@code size} bytes at {@code fp-off} as written data (off counts from fp, positive). */
    void written(int off, int size, Reg spilled) {
        for (int k = off - size + 1; k <= off; k++) {
            if (k >= 1 && k <= DATA_BYTES) {
                init[k] = true;
            }
        }
        if (off <= DATA_BYTES) {
            int first = (off - size) / 8;
            int last = (off - 1) / 8;
            for (int j = first; j <= last; j++) {
                spill[j] = null;
            }
            if (spilled != null && size == 8 && off % 8 == 0) {
                spill[off / 8 - 1] = spilled;
            }
        }
    }

    boolean readable(int off, int size) {
        for (int k = off - size + 1; k <= off; k++) {
            if (!init[k]) {
                return false;
            }
        }
        return true;
    }

    /** A saved copy of the belief, to restore or join at the end of a branch. */
    Snapshot snapshot() {
        return new Snapshot(regs.clone(), init.clone(), spill.clone());
    }

    record Snapshot(Reg[] regs, boolean[] init, Reg[] spill) {}

    void restore(Snapshot s) {
        System.arraycopy(s.regs(), 0, regs, 0, regs.length);
        init = s.init().clone();
        spill = s.spill().clone();
    }

    /** Keeps what holds both now and in {@code other}: the state after two paths meet. */
    void join(Snapshot other) {
        for (int r = 0; r < regs.length; r++) {
            if (!regs[r].equals(other.regs()[r])) {
                regs[r] = Reg.UNINIT;
            }
        }
        for (int k = 0; k < init.length; k++) {
            init[k] &= other.init()[k];
        }
        for (int j = 0; j < spill.length; j++) {
            if (spill[j] != null && !spill[j].equals(other.spill()[j])) {
                spill[j] = null;
                for (int k = 8 * j + 1; k <= 8 * j + 8; k++) {
                    init[k] = false;
                }
            }
        }
    }
}
