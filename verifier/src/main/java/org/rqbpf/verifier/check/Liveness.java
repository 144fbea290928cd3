package org.rqbpf.verifier.check;

import static org.rqbpf.isa.Bpf.*;

import java.util.List;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.RawInsn;

/**
 * Which registers are live (may be read before written) at each instruction, by a backward data-flow
 * fixpoint inside each function. Pruning compares only live registers, as the kernel does with its read
 * marks. Calls read their argument registers and write R0-R5; {@code exit} reads R0.
 */
public final class Liveness {
    private static final int ARGS_1_5 = 0b111110;
    private static final int CALL_DEFS = 0b111111;

    private final int[] liveIn;

    private Liveness(int[] liveIn) {
        this.liveIn = liveIn;
    }

    /** Bit {@code r} set when register {@code r} is live on entry to instruction {@code idx}. */
    public int liveIn(int idx) {
        return liveIn[idx];
    }

    /** Registers of a caller frame live after the call at {@code callsite} returns (R0-R5 are redefined). */
    public int liveAfterCall(int callsite) {
        return callsite + 1 < liveIn.length ? liveIn[callsite + 1] & ~CALL_DEFS : 0;
    }

    public static Liveness compute(Cfg cfg) {
        List<RawInsn> insns = cfg.insns;
        int n = insns.size();
        int[] use = new int[n];
        int[] def = new int[n];
        for (int i = 0; i < n; i++) {
            if (!cfg.ldHigh[i]) {
                useDef(insns.get(i), i, use, def);
            }
        }
        int[] in = new int[n];
        // A subprogram's own live-in registers are what its call sites read: iterate to a fixpoint.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                if (cfg.ldHigh[i]) {
                    continue;
                }
                RawInsn ins = insns.get(i);
                int out = 0;
                if (!Cfg.isExit(ins)) {
                    if (Cfg.isJump(ins)) {
                        out |= in[Cfg.jumpTarget(ins, i)];
                        if (op(ins.opcode()) != JA) {
                            out |= next(cfg, in, i);
                        }
                    } else {
                        out |= next(cfg, in, i);
                    }
                }
                int u = use[i];
                if (Cfg.isCall(ins) && ins.src() == PSEUDO_CALL) {
                    int f = cfg.functionAt(i + ins.imm() + 1);
                    if (f >= 0) {
                        u = in[cfg.functions.get(f).start()] & ARGS_1_5;
                    }
                }
                int v = u | (out & ~def[i]);
                if (v != in[i]) {
                    in[i] = v;
                    changed = true;
                }
            }
        }
        return new Liveness(in);
    }

    private static int next(Cfg cfg, int[] in, int i) {
        int nx = cfg.insns.get(i).isLdImm64() ? i + 2 : i + 1;
        return nx < in.length && cfg.funcOf[nx] == cfg.funcOf[i] ? in[nx] : 0;
    }

    private static int bit(int r) {
        return r <= 10 ? 1 << r : 0;
    }

    private static void useDef(RawInsn in, int i, int[] use, int[] def) {
        int code = in.opcode();
        switch (cls(code)) {
            case ALU, ALU64 -> {
                int op = op(code);
                def[i] = bit(in.dst());
                use[i] = (op == MOV ? 0 : bit(in.dst())) | (srcBit(code) == X && op != NEG && op != END ? bit(in.src()) : 0);
            }
            case LDX -> {
                def[i] = bit(in.dst());
                use[i] = bit(in.src());
            }
            case ST -> use[i] = bit(in.dst());
            case STX -> {
                use[i] = bit(in.dst()) | bit(in.src());
                if (mode(code) == ATOMIC) {
                    if (in.imm() == CMPXCHG) {
                        use[i] |= 1;
                        def[i] = 1;
                    } else if ((in.imm() & FETCH) != 0) {
                        def[i] = bit(in.src());
                    }
                }
            }
            case LD -> {
                if (mode(code) == ABS || mode(code) == IND) {
                    use[i] = bit(6) | (mode(code) == IND ? bit(in.src()) : 0);
                    def[i] = CALL_DEFS;
                } else {
                    def[i] = bit(in.dst());
                }
            }
            default -> jmpUseDef(in, i, use, def);
        }
    }

    private static void jmpUseDef(RawInsn in, int i, int[] use, int[] def) {
        int code = in.opcode();
        int op = op(code);
        if (op == EXIT) {
            use[i] = 1;
        } else if (op == CALL) {
            def[i] = CALL_DEFS;
            int args = 5;
            if (in.src() == 0 && srcBit(code) == 0) {
                Helper h = Helper.byId(in.imm());
                args = h == null ? 5 : h.args().size();
            } else if (in.src() == PSEUDO_KFUNC_CALL) {
                Kfunc k = Kfunc.byId(in.imm());
                args = k == null ? 5 : k.argCount();
            }
            use[i] = ((1 << (args + 1)) - 1) & ARGS_1_5;
            if (srcBit(code) == X) {
                use[i] |= bit(in.dst());
            }
        } else if (op != JA) {
            use[i] = bit(in.dst()) | (srcBit(code) == X ? bit(in.src()) : 0);
        }
    }
}
