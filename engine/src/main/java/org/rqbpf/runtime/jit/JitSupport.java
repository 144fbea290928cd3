package org.rqbpf.runtime.jit;

import org.rqbpf.isa.InsnTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.RuntimeFault;

/**
 * The static methods compiled programs call besides {@link org.rqbpf.isa.Semantics} and
 * {@link org.rqbpf.runtime.MemoryOps}: the frame's stack as a byte array, the faults, and {@code callx}.
 *
 * <p>Stack accesses through {@code r10} with a constant offset are checked when the program is compiled
 * (the offset lies inside the 512-byte frame, which is a live writable region for the whole run), so at
 * run time they are plain little-endian array accesses that the JVM compiles to single moves; every
 * other access goes through {@code MemoryOps} and the kernel's checked {@code Memory}.
 */
final class JitSupport {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private JitSupport() {}

    /** The bytes of the frame {@link BpfRun#enterFrame} has just entered. */
    static byte[] stackOf(BpfRun run) {
        return run.frame().bytes();
    }

    static long load1(byte[] s, int i) {
        return s[i] & 0xffL;
    }

    static long load2(byte[] s, int i) {
        return (short) SHORT.get(s, i) & 0xffffL;
    }

    static long load4(byte[] s, int i) {
        return (int) INT.get(s, i) & 0xffff_ffffL;
    }

    static long load8(byte[] s, int i) {
        return (long) LONG.get(s, i);
    }

    static long loadSigned1(byte[] s, int i) {
        return s[i];
    }

    static long loadSigned2(byte[] s, int i) {
        return (short) SHORT.get(s, i);
    }

    static long loadSigned4(byte[] s, int i) {
        return (int) INT.get(s, i);
    }

    static void store1(byte[] s, int i, long v) {
        s[i] = (byte) v;
    }

    static void store2(byte[] s, int i, long v) {
        SHORT.set(s, i, (short) v);
    }

    static void store4(byte[] s, int i, long v) {
        INT.set(s, i, (int) v);
    }

    static void store8(byte[] s, int i, long v) {
        LONG.set(s, i, v);
    }

    /** The fault of a failed memory check at slot {@code pc}, as the interpreter reports it. */
    static RuntimeFault memoryFault(MemoryFault f, BpfRun run, int pc) {
        return RuntimeFault.memory(run.image().name(), pc, f.address(), run.image().verified(), f.getMessage(), f);
    }

    /** The fault of a BPF-to-BPF call at slot {@code pc} when all frames are in use. */
    static RuntimeFault tooDeep(BpfRun run, int pc) {
        return RuntimeFault.at(run.image().name(), pc, run.image().verified(),
                "the call stack is " + InsnTable.MAX_CALL_FRAMES + " frames deep");
    }

    /** {@code callx}: calls the helper whose id is in the register, as the interpreter does. */
    static long callx(Linker linker, long id, BpfRun run, int depth, int pc, long r1, long r2, long r3, long r4,
            long r5) {
        NativeFunction f = linker.helper((int) id);
        if (f == null) {
            throw RuntimeFault.at(run.image().name(), pc, run.image().verified(), "callx to unknown helper " + id);
        }
        run.atCall(depth, pc);
        return f.call(run, r1, r2, r3, r4, r5);
    }
}
