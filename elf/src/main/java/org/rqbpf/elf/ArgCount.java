package org.rqbpf.elf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.FunctionInfo;

/**
 * How many arguments a subprogram takes, for its BTF prototype: the highest of {@code r1}-{@code r5}
 * that may be read before it is written on some path from the function's entry (backward liveness over
 * the function's slots). A call reads its callee's arguments (a helper's or kfunc's count from the ABI
 * tables, a subprogram's own count, 5 for a recursive one) and clobbers {@code r0}-{@code r5}.
 */
final class ArgCount {
    private static final int ARG_REGS = 0b11_1110;

    private final List<RawInsn> insns;
    private final List<FunctionInfo> functions;
    private final Map<Integer, Integer> counts = new HashMap<>();

    /** The argument counts of the functions of one image. */
    ArgCount(List<RawInsn> insns, List<FunctionInfo> functions) {
        this.insns = insns;
        this.functions = functions;
    }

    /** The argument count of function {@code f}. */
    int of(FunctionInfo f) {
        Integer known = counts.get(f.start());
        if (known != null) {
            return known;
        }
        counts.put(f.start(), 5);
        int c = compute(f.start(), f.end());
        counts.put(f.start(), c);
        return c;
    }

    private int compute(int start, int end) {
        int n = end - start;
        int[] liveIn = new int[n + 1];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                RawInsn in = insns.get(start + i);
                int out = 0;
                for (int s : successors(in, i, n)) {
                    out |= liveIn[s];
                }
                int live = (out & ~defs(in)) | uses(in, start + i);
                if (live != liveIn[i]) {
                    liveIn[i] = live;
                    changed = true;
                }
            }
        }
        int args = 0;
        for (int r = 1; r <= 5; r++) {
            if ((liveIn[0] & 1 << r) != 0) {
                args = r;
            }
        }
        return args;
    }

    private static int[] successors(RawInsn in, int i, int n) {
        int cls = in.cls();
        int next = in.isLdImm64() ? i + 2 : i + 1;
        if (cls == Bpf.JMP || cls == Bpf.JMP32) {
            int op = Bpf.op(in.opcode());
            if (op == Bpf.EXIT) {
                return new int[0];
            }
            if (op == Bpf.CALL) {
                return within(new int[] {next}, n);
            }
            int target = i + 1 + (cls == Bpf.JMP32 && op == Bpf.JA ? in.imm() : in.off());
            return within(op == Bpf.JA ? new int[] {target} : new int[] {next, target}, n);
        }
        return within(new int[] {next}, n);
    }

    private static int[] within(int[] slots, int n) {
        int k = 0;
        for (int s : slots) {
            if (s >= 0 && s <= n) {
                slots[k++] = s;
            }
        }
        return Arrays.copyOf(slots, k);
    }

    private int uses(RawInsn in, int slot) {
        int cls = in.cls();
        int op = Bpf.op(in.opcode());
        boolean x = Bpf.srcBit(in.opcode()) == Bpf.X;
        switch (cls) {
            case Bpf.ALU, Bpf.ALU64 -> {
                int u = op == Bpf.MOV ? 0 : bit(in.dst());
                return u | (x ? bit(in.src()) : 0);
            }
            case Bpf.LDX -> {
                return bit(in.src());
            }
            case Bpf.ST -> {
                return bit(in.dst());
            }
            case Bpf.STX -> {
                int u = bit(in.dst()) | bit(in.src());
                return Bpf.mode(in.opcode()) == Bpf.ATOMIC && in.imm() == Bpf.CMPXCHG ? u | 1 : u;
            }
            case Bpf.JMP, Bpf.JMP32 -> {
                if (op == Bpf.EXIT) {
                    return 1;
                }
                if (op == Bpf.CALL) {
                    return callArgs(in, slot);
                }
                if (op == Bpf.JA) {
                    return 0;
                }
                return bit(in.dst()) | (x ? bit(in.src()) : 0);
            }
            default -> {
                return 0;
            }
        }
    }

    private static int defs(RawInsn in) {
        int cls = in.cls();
        switch (cls) {
            case Bpf.ALU, Bpf.ALU64, Bpf.LDX -> {
                return bit(in.dst());
            }
            case Bpf.LD -> {
                return in.isLdImm64() ? bit(in.dst()) : 0;
            }
            case Bpf.JMP, Bpf.JMP32 -> {
                return Bpf.op(in.opcode()) == Bpf.CALL ? 1 | ARG_REGS : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private int callArgs(RawInsn in, int slot) {
        int count = 5;
        if (in.src() == Bpf.PSEUDO_CALL) {
            int target = slot + 1 + in.imm();
            for (FunctionInfo f : functions) {
                if (f.start() == target) {
                    count = of(f);
                }
            }
        } else if (in.src() == 0) {
            Helper h = Helper.byId(in.imm());
            count = h == null ? 5 : h.args().size();
        } else if (in.src() == Bpf.PSEUDO_KFUNC_CALL) {
            Kfunc k = Kfunc.byId(in.imm());
            count = k == null ? 5 : k.argCount();
        }
        return ARG_REGS & ((1 << (count + 1)) - 1);
    }

    private static int bit(int reg) {
        return 1 << reg;
    }
}
