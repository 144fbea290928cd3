package org.rqbpf.runtime;

import org.rqbpf.isa.Bpf;
import org.rqbpf.kernel.Memory;

/**
 * Program memory accesses as both back ends perform them: every access goes through the kernel's
 * checked {@link Memory} (a failed check throws {@link org.rqbpf.kernel.MemoryFault}, which the back
 * end turns into a {@link RuntimeFault} naming the instruction); loads from the run's ctx apply the
 * context rewrite of packet fields.
 */
public final class MemoryOps {
    private MemoryOps() {}

    /** {@code LDX MEM}: {@code size} bytes zero-extended. */
    public static long load(BpfRun run, long addr, int size) {
        if (Memory.regionId(addr) == run.ctxRegionId) {
            return run.loadCtx(addr, size);
        }
        return run.memory().load(addr, size);
    }

    /** {@code LDX MEMSX}: {@code size} bytes sign-extended. */
    public static long loadSigned(BpfRun run, long addr, int size) {
        return run.memory().loadSigned(addr, size);
    }

    /** {@code ST}/{@code STX MEM}: the low {@code size} bytes of {@code value}. */
    public static void store(BpfRun run, long addr, int size, long value) {
        run.memory().store(addr, size, value);
    }

    /**
     * {@code STX ATOMIC} other than cmpxchg: {@code imm} is the instruction's operation (ADD, OR, AND,
     * XOR, each optionally with FETCH, or XCHG). Returns the old value, zero-extended for 4 bytes.
     */
    public static long atomic(BpfRun run, int imm, long addr, int size, long src) {
        Memory.AtomicOp op = switch (imm & ~Bpf.FETCH) {
            case Bpf.ADD -> Memory.AtomicOp.ADD;
            case Bpf.OR -> Memory.AtomicOp.OR;
            case Bpf.AND -> Memory.AtomicOp.AND;
            case Bpf.XOR -> Memory.AtomicOp.XOR;
            case Bpf.XCHG & ~Bpf.FETCH -> Memory.AtomicOp.XCHG;
            default -> throw new IllegalArgumentException("not an atomic operation: 0x" + Integer.toHexString(imm));
        };
        return run.memory().atomic(op, addr, size, src);
    }

    /** {@code BPF_CMPXCHG}: returns the old value (zero-extended for 4 bytes), which becomes {@code r0}. */
    public static long cmpxchg(BpfRun run, long addr, int size, long expected, long desired) {
        return run.memory().cmpxchg(addr, size, expected, desired);
    }

    /**
     * Legacy {@code LD_ABS}/{@code LD_IND}: {@code size} bytes of the packet at {@code offset}, in network
     * byte order. Returns -1 when the run has no packet or the bytes are outside it (the program then
     * exits with 0, as in the kernel).
     */
    public static long loadPacketLegacy(BpfRun run, long offset, int size) {
        long start = run.packet();
        if (start == 0 || offset < 0 || offset + size > run.packetEnd() - start) {
            return -1;
        }
        long v = run.memory().load(start + offset, size);
        return size == 1 ? v : Semantics.bswap(v, size * 8);
    }
}
