package org.rqbpf.runtime.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rqbpf.runtime.fuzz.GenState.Kind;
import org.rqbpf.runtime.fuzz.GenState.Reg;

/**
 * Generates one random but plausible {@code tc} program, as {@code .bpf} source, from a seed: three maps
 * (an ARRAY and a HASH with small value sizes, an ARRAY whose value holds a {@code bpf_res_spin_lock}),
 * a main program of nested statements (scalar arithmetic, stack traffic, ctx and packet access, map
 * lookups and updates, helper calls, branches of every compare, bounded loops, static subprogram calls,
 * lock sections) and up to two static subprograms. The generator tracks what registers and stack bytes
 * hold so that most programs read only what they wrote and dereference only checked pointers; a good
 * share therefore passes the verifier, while the deliberate near-misses probe its bounds.
 */
public final class ProgramGenerator {
    /** The name of the generated program. */
    public static final String PROGRAM = "fuzz";
    private static final List<String> CMP = List.of("==", "!=", ">", ">=", "<", "<=", "s>", "s>=", "s<", "s<=", "&");
    private static final int MAX_DEPTH = 3;

    private final Random rnd;
    private final int[] labels = {0};
    private final MapShape arr;
    private final MapShape hash;
    private final MapShape lockMap;
    private final List<String> subprogs = new ArrayList<>();
    private final List<Boolean> subprogTakesPointer = new ArrayList<>();

    private ProgramGenerator(long seed) {
        this.rnd = new Random(seed);
        arr = new MapShape("arr", false, 4, pickSize(), -1);
        hash = new MapShape("hmap", true, 8, pickSize(), -1);
        lockMap = new MapShape("lmap", false, 2, 16, rnd.nextBoolean() ? 0 : 4);
    }

    private int pickSize() {
        int[] sizes = {1, 2, 4, 6, 8, 12, 16, 24, 32};
        return sizes[rnd.nextInt(sizes.length)];
    }

    /** The source of the program for {@code seed}; the same seed always gives the same text. */
    public static String generate(long seed) {
        return new ProgramGenerator(seed).file(seed);
    }

    private String file(long seed) {
        StringBuilder sb = new StringBuilder();
        sb.append("// rqbpf fuzz case, seed ").append(seed).append("\n\n");
        sb.append(lockMap.lockOffset() == 0
                ? "struct lval {\n\tstruct bpf_res_spin_lock lock;\n\tu32 a;\n\tu64 n;\n};\n\n"
                : "struct lval {\n\tu32 a;\n\tstruct bpf_res_spin_lock lock;\n\tu64 n;\n};\n\n");
        sb.append(sizedMap(arr, "BPF_MAP_TYPE_ARRAY")).append(sizedMap(hash, "BPF_MAP_TYPE_HASH"));
        sb.append("struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, 2);\n")
                .append("\t__type(key, u32);\n\t__type(value, struct lval);\n} lmap SEC(\".maps\");\n\n");
        List<String> subBodies = new ArrayList<>();
        for (int k = rnd.nextInt(3); k > 0; k--) {
            String name = "sub" + subprogs.size();
            boolean pointer = rnd.nextInt(3) == 0;
            subBodies.add(subprog(name, pointer));
            subprogs.add(name);
            subprogTakesPointer.add(pointer);
        }
        sb.append("SEC(\"tc\")\n").append(PROGRAM).append(":\n").append(main());
        for (String body : subBodies) {
            sb.append('\n').append(body);
        }
        return sb.toString();
    }

    private static String sizedMap(MapShape m, String type) {
        return "struct {\n\t__uint(type, " + type + ");\n\t__uint(max_entries, " + m.maxEntries()
                + ");\n\t__uint(key_size, 4);\n\t__uint(value_size, " + m.valueSize() + ");\n} " + m.name()
                + " SEC(\".maps\");\n\n";
    }

    private String main() {
        GenState s = new GenState(rnd, false, 20 + rnd.nextInt(50), labels);
        s.regs[1] = new Reg(Kind.CTX, null);
        s.emit("r6 = r1");
        s.regs[6] = new Reg(Kind.CTX, null);
        s.frozen[6] = true;
        for (int k = rnd.nextInt(3); k >= 0; k--) {
            int r = 7 + rnd.nextInt(3);
            s.emit("r" + r + " = " + Constants.imm(s));
            s.regs[r] = Reg.SCALAR;
        }
        while (s.budget > 0) {
            statement(s);
        }
        return epilogue(s);
    }

    private String subprog(String name, boolean pointer) {
        GenState s = new GenState(rnd, true, 8 + rnd.nextInt(15), labels);
        s.regs[1] = pointer ? Reg.UNINIT : Reg.SCALAR;
        s.regs[2] = Reg.SCALAR;
        if (pointer) {
            s.emit("r6 = r1");
            s.frozen[6] = true;
            s.emit("r7 = *(u64 *)(r6 + 0)");
            s.regs[7] = Reg.SCALAR;
        }
        while (s.budget > 0) {
            statement(s);
        }
        if (pointer) {
            s.emit("*(u64 *)(r6 + 0) = r" + s.scalarOrConst());
        }
        return "static " + name + ":\n" + epilogue(s);
    }

    /** Folds every scalar register into r0 (so the result shows what the program computed) and exits. */
    private static String epilogue(GenState s) {
        boolean first = s.regs[0].kind() != Kind.SCALAR;
        for (int r = 1; r < 10; r++) {
            if (s.regs[r].kind() == Kind.SCALAR) {
                s.emit(first ? "r0 = r" + r : "r0 ^= r" + r);
                first = false;
            }
        }
        if (first) {
            s.emit("r0 = " + Constants.imm(s));
        }
        s.emit("exit");
        return String.join("\n", s.lines) + "\n";
    }

    private void statement(GenState s) {
        int roll = rnd.nextInt(100);
        int ctx = s.regOf(Kind.CTX);
        boolean calls = s.lockDepth == 0;
        if (roll < 28) {
            AluSnippets.any(s);
        } else if (roll < 42) {
            MemorySnippets.stack(s);
        } else if (roll < 48 && ctx >= 0) {
            MemorySnippets.ctx(s, ctx);
        } else if (roll < 53 && ctx >= 0) {
            MemorySnippets.packet(s, ctx);
        } else if (roll < 63 && s.depth < MAX_DEPTH) {
            branch(s);
        } else if (roll < 67 && s.depth < 2 && calls) {
            loop(s);
        } else if (roll < 76 && calls && s.depth < MAX_DEPTH) {
            MapShape m = rnd.nextInt(3) == 0 ? hash : arr;
            CallSnippets.lookup(s, m, () -> nested(s, 1 + rnd.nextInt(4), true));
        } else if (roll < 84 && s.regOf(Kind.MAP_VALUE) >= 0) {
            MemorySnippets.mapValue(s, s.regOf(Kind.MAP_VALUE));
        } else if (roll < 88 && calls) {
            CallSnippets.helper(s);
        } else if (roll < 92 && calls) {
            CallSnippets.updateOrDelete(s, rnd.nextInt(3) == 0 ? arr : hash);
        } else if (roll < 96 && calls && !s.inSubprog && !subprogs.isEmpty()) {
            int k = rnd.nextInt(subprogs.size());
            CallSnippets.subprog(s, subprogs.get(k), subprogTakesPointer.get(k));
        } else if (roll < 99 && calls && !s.inSubprog && s.depth < MAX_DEPTH) {
            CallSnippets.lockSection(s, lockMap, () -> lockedBody(s));
        } else {
            AluSnippets.any(s);
        }
    }

    /** {@code n} statements one level deeper; {@code mapAccess} favours the map value just looked up. */
    private void nested(GenState s, int n, boolean mapAccess) {
        s.depth++;
        for (int k = 0; k < n && s.budget > -10; k++) {
            int v = s.regOf(Kind.MAP_VALUE);
            if (mapAccess && v >= 0 && rnd.nextInt(2) == 0) {
                MemorySnippets.mapValue(s, v);
            } else {
                statement(s);
            }
        }
        s.depth--;
    }

    private void lockedBody(GenState s) {
        for (int k = rnd.nextInt(4); k > 0; k--) {
            int v = s.regOf(Kind.MAP_VALUE);
            if (v >= 0 && rnd.nextBoolean()) {
                MemorySnippets.mapValue(s, v);
            } else {
                AluSnippets.any(s);
            }
        }
    }

    private void branch(GenState s) {
        String skip = s.newLabel();
        int a = s.scalarOrConst();
        String v = rnd.nextInt(3) == 0 ? "w" : "r";
        int b = s.scalar();
        String rhs = b >= 0 && rnd.nextBoolean() ? v + b : Constants.imm(s);
        GenState.Snapshot before = s.snapshot();
        s.emit("if " + v + a + " " + s.pick(CMP) + " " + rhs + " goto " + skip);
        nested(s, 1 + rnd.nextInt(3), false);
        if (rnd.nextInt(3) == 0) {
            String end = s.newLabel();
            s.emit("goto " + end);
            GenState.Snapshot taken = s.snapshot();
            s.restore(before);
            s.label(skip);
            nested(s, 1 + rnd.nextInt(3), false);
            s.label(end);
            s.join(taken);
        } else {
            s.label(skip);
            s.join(before);
        }
    }

    /**
     * A bounded loop in one of four shapes (count up, count down signed, 32-bit counter, test at the
     * top). The body may not write the counter, the pointers held in r6-r9 or the slots holding spilled
     * pointers, and starts believing r0-r5 unwritten, so each iteration reads only what it wrote.
     */
    private void loop(GenState s) {
        int c = s.calleeSaved();
        if (c < 0) {
            return;
        }
        int trips = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 40 : 8);
        int shape = rnd.nextInt(4);
        String head = s.newLabel();
        String out = s.newLabel();
        s.emit(shape == 1 ? "r" + c + " = " + trips : (shape == 2 ? "w" : "r") + c + " = 0");
        s.regs[c] = Reg.SCALAR;
        boolean[] frozen = s.frozen.clone();
        boolean[] frozenSlots = s.frozenSlot.clone();
        s.frozen[c] = true;
        for (int r = 0; r < 10; r++) {
            if (r <= 5) {
                s.regs[r] = Reg.UNINIT;
            } else if (s.regs[r].isPointer()) {
                s.frozen[r] = true;
            }
        }
        for (int j = 0; j < s.spill.length; j++) {
            s.frozenSlot[j] |= s.spill[j] != null;
        }
        GenState.Snapshot atHead = s.snapshot();
        s.label(head);
        if (shape == 3) {
            s.emit("if r" + c + " >= " + trips + " goto " + out);
        }
        nested(s, 1 + rnd.nextInt(3), false);
        switch (shape) {
            case 0 -> {
                s.emit("r" + c + " += 1");
                s.emit("if r" + c + " < " + trips + " goto " + head);
            }
            case 1 -> {
                s.emit("r" + c + " -= 1");
                s.emit("if r" + c + " s> 0 goto " + head);
            }
            case 2 -> {
                s.emit("w" + c + " += 1");
                s.emit("if w" + c + " < " + trips + " goto " + head);
            }
            default -> {
                s.emit("r" + c + " += 1");
                s.emit("goto " + head);
            }
        }
        s.label(out);
        s.join(atHead);
        System.arraycopy(frozen, 0, s.frozen, 0, frozen.length);
        System.arraycopy(frozenSlots, 0, s.frozenSlot, 0, frozenSlots.length);
    }
}
