package org.rqbpf.runtime.jit;

import java.util.HashMap;
import java.util.Map;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.Semantics;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.MemoryOps;
import org.rqbpf.runtime.NativeFunction;

/**
 * Every Java method the JIT's generated code calls, resolved once ({@link JitCallee#of}) when this class
 * is initialised: the shared instruction semantics, the stack and memory accessors, the run's frame and
 * call bookkeeping, helper dispatch and the faults.
 */
final class JitCallees {
    private JitCallees() {}

    private static final Class<?> L = long.class, I = int.class, BYTES = byte[].class;

    static final JitCallee NEG32 = JitCallee.of(Semantics.class, "neg32", L);
    static final JitCallee ZEXT32 = JitCallee.of(Semantics.class, "zext32", L);
    static final JitCallee BSWAP = JitCallee.of(Semantics.class, "bswap", L, I);
    static final JitCallee TO_LE = JitCallee.of(Semantics.class, "toLe", L, I);
    static final JitCallee MOVSX64 = JitCallee.of(Semantics.class, "movsx64", L, I);
    static final JitCallee MOVSX32 = JitCallee.of(Semantics.class, "movsx32", L, I);

    static final JitCallee MEMORY_LOAD = JitCallee.of(MemoryOps.class, "load", BpfRun.class, L, I);
    static final JitCallee MEMORY_LOAD_SIGNED = JitCallee.of(MemoryOps.class, "loadSigned", BpfRun.class, L, I);
    static final JitCallee MEMORY_STORE = JitCallee.of(MemoryOps.class, "store", BpfRun.class, L, I, L);
    static final JitCallee CMPXCHG = JitCallee.of(MemoryOps.class, "cmpxchg", BpfRun.class, L, I, L, L);
    static final JitCallee ATOMIC = JitCallee.of(MemoryOps.class, "atomic", BpfRun.class, I, L, I, L);
    static final JitCallee LOAD_PACKET_LEGACY = JitCallee.of(MemoryOps.class, "loadPacketLegacy", BpfRun.class, L, I);

    static final JitCallee STACK_OF = JitCallee.of(JitSupport.class, "stackOf", BpfRun.class);
    static final JitCallee MEMORY_FAULT = JitCallee.of(JitSupport.class, "memoryFault", MemoryFault.class, BpfRun.class, I);
    static final JitCallee TOO_DEEP = JitCallee.of(JitSupport.class, "tooDeep", BpfRun.class, I);
    static final JitCallee CALLX = JitCallee.of(JitSupport.class, "callx", Linker.class, L, BpfRun.class, I, I, L, L, L, L, L);

    static final JitCallee RUN_CPU = JitCallee.of(BpfRun.class, "cpu");
    static final JitCallee ENTER_FRAME = JitCallee.of(BpfRun.class, "enterFrame", I, I);
    static final JitCallee AT_CALL = JitCallee.of(BpfRun.class, "atCall", I, I);
    static final JitCallee STOPPED = JitCallee.of(BpfRun.class, "stopped");
    static final JitCallee INTERRUPT_POINT = JitCallee.of(SimCpu.class, "interruptPoint");
    static final JitCallee NATIVE_CALL = JitCallee.of(NativeFunction.class, "call", BpfRun.class, L, L, L, L, L);

    /** {@code JitSupport.loadN}, {@code loadSignedN} and {@code storeN} on the frame's stack array, by size. */
    private static final JitCallee[] STACK_LOAD = bySize(
            JitCallee.of(JitSupport.class, "load1", BYTES, I), JitCallee.of(JitSupport.class, "load2", BYTES, I),
            JitCallee.of(JitSupport.class, "load4", BYTES, I), JitCallee.of(JitSupport.class, "load8", BYTES, I));
    private static final JitCallee[] STACK_LOAD_SIGNED = bySize(
            JitCallee.of(JitSupport.class, "loadSigned1", BYTES, I),
            JitCallee.of(JitSupport.class, "loadSigned2", BYTES, I),
            JitCallee.of(JitSupport.class, "loadSigned4", BYTES, I), null);
    private static final JitCallee[] STACK_STORE = bySize(
            JitCallee.of(JitSupport.class, "store1", BYTES, I, L), JitCallee.of(JitSupport.class, "store2", BYTES, I, L),
            JitCallee.of(JitSupport.class, "store4", BYTES, I, L), JitCallee.of(JitSupport.class, "store8", BYTES, I, L));

    private static JitCallee[] bySize(JitCallee one, JitCallee two, JitCallee four, JitCallee eight) {
        JitCallee[] out = new JitCallee[9];
        out[1] = one;
        out[2] = two;
        out[4] = four;
        out[8] = eight;
        return out;
    }

    /** The two-operand ALU methods of {@link Semantics}, keyed by {@link #aluKey}. */
    private static final Map<Integer, JitCallee> ALU = new HashMap<>();

    static {
        alu(Bpf.ADD, false, "add32", null);
        alu(Bpf.SUB, false, "sub32", null);
        alu(Bpf.MUL, false, "mul32", null);
        alu(Bpf.DIV, false, "div32", "div64");
        alu(Bpf.DIV, true, "sdiv32", "sdiv64");
        alu(Bpf.MOD, false, "mod32", "mod64");
        alu(Bpf.MOD, true, "smod32", "smod64");
        alu(Bpf.OR, false, "or32", null);
        alu(Bpf.AND, false, "and32", null);
        alu(Bpf.XOR, false, "xor32", null);
        alu(Bpf.LSH, false, "lsh32", "lsh64");
        alu(Bpf.RSH, false, "rsh32", "rsh64");
        alu(Bpf.ARSH, false, "arsh32", "arsh64");
    }

    /** Binds an ALU operation's 32-bit method and, where the JVM has no instruction for it, its 64-bit one. */
    private static void alu(int op, boolean signed, String method32, String method64) {
        ALU.put(aluKey(op, signed, false), JitCallee.of(Semantics.class, method32, L, L));
        if (method64 != null) {
            ALU.put(aluKey(op, signed, true), JitCallee.of(Semantics.class, method64, L, L));
        }
    }

    private static int aluKey(int op, boolean signed, boolean alu64) {
        return op << 2 | (signed ? 2 : 0) | (alu64 ? 1 : 0);
    }

    /** The {@link Semantics} method of a two-operand ALU operation the JVM has no instruction for. */
    static JitCallee alu(int op, boolean signed, boolean alu64) {
        JitCallee c = ALU.get(aluKey(op, signed, alu64));
        if (c == null) {
            throw new IllegalArgumentException("no semantics method for ALU op 0x" + Integer.toHexString(op)
                    + (signed ? " (signed)" : "") + (alu64 ? " 64" : " 32"));
        }
        return c;
    }

    static JitCallee stackLoad(int size, boolean signed) {
        return signed ? STACK_LOAD_SIGNED[size] : STACK_LOAD[size];
    }

    static JitCallee stackStore(int size) {
        return STACK_STORE[size];
    }
}
