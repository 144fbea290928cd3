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
    private static final JitCallee[] STACK_LOAD = new JitCallee[9], STACK_LOAD_SIGNED = new JitCallee[9],
            STACK_STORE = new JitCallee[9];

    static {
        for (int size : new int[] {1, 2, 4, 8}) {
            STACK_LOAD[size] = JitCallee.of(JitSupport.class, "load" + size, BYTES, I);
            STACK_STORE[size] = JitCallee.of(JitSupport.class, "store" + size, BYTES, I, L);
            if (size < 8) {
                STACK_LOAD_SIGNED[size] = JitCallee.of(JitSupport.class, "loadSigned" + size, BYTES, I);
            }
        }
    }

    /** The two-operand ALU methods of {@link Semantics}, keyed by {@link #aluKey}. */
    private static final Map<Integer, JitCallee> ALU = new HashMap<>();

    static {
        record Op(int op, boolean signed, String name) {}
        Op[] ops = {new Op(Bpf.ADD, false, "add"), new Op(Bpf.SUB, false, "sub"), new Op(Bpf.MUL, false, "mul"),
            new Op(Bpf.DIV, false, "div"), new Op(Bpf.DIV, true, "sdiv"), new Op(Bpf.MOD, false, "mod"),
            new Op(Bpf.MOD, true, "smod"), new Op(Bpf.OR, false, "or"), new Op(Bpf.AND, false, "and"),
            new Op(Bpf.XOR, false, "xor"), new Op(Bpf.LSH, false, "lsh"), new Op(Bpf.RSH, false, "rsh"),
            new Op(Bpf.ARSH, false, "arsh")};
        for (Op o : ops) {
            ALU.put(aluKey(o.op(), o.signed(), false), JitCallee.of(Semantics.class, o.name() + "32", L, L));
            boolean jvmHasIt = o.op() == Bpf.ADD || o.op() == Bpf.SUB || o.op() == Bpf.MUL || o.op() == Bpf.OR
                    || o.op() == Bpf.AND || o.op() == Bpf.XOR;
            if (!jvmHasIt) {
                ALU.put(aluKey(o.op(), o.signed(), true), JitCallee.of(Semantics.class, o.name() + "64", L, L));
            }
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
