package org.rqbpf.runtime;

import org.rqbpf.isa.InsnTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.Semantics;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;

/**
 * Program memory accesses as both back ends perform them: every access goes through the kernel's
 * checked {@link Memory} (a failed check throws {@link org.rqbpf.kernel.MemoryFault}, which the back
 * end turns into a {@link RuntimeFault} naming the instruction); loads from the run's ctx apply the
 * context rewrite of packet fields.
 *
 * <p>Fast path: loads and stores in the executing frame's own stack region (which lives as long as the
 * CPU's stack pool, so it cannot be freed under the run) are bounds-checked here and go straight to
 * its bytes, as {@link Region} allows; everything else takes the region lookup of {@link Memory}.
 */
public final class MemoryOps {
    private MemoryOps() {}

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@code LDX MEM}: {@code size} bytes zero-extended. */
    public static long load(BpfRun run, long addr, int size) {
        Region s = run.stack;
        int off = Memory.offset(addr);
        if (Memory.regionId(addr) == s.id() && off >= 0 && off <= InsnTable.STACK_SIZE - size) {
            byte[] b = s.bytes();
            switch (size) {
                case 1: return b[off] & 0xffL;
                case 2: return (short) SHORT.get(b, off) & 0xffffL;
                case 4: return (int) INT.get(b, off) & 0xffff_ffffL;
                default: return (long) LONG.get(b, off);
            }
        }
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
        Region s = run.stack;
        int off = Memory.offset(addr);
        if (Memory.regionId(addr) == s.id() && off >= 0 && off <= InsnTable.STACK_SIZE - size) {
            byte[] b = s.bytes();
            switch (size) {
                case 1: b[off] = (byte) value; return;
                case 2: SHORT.set(b, off, (short) value); return;
                case 4: INT.set(b, off, (int) value); return;
                default: LONG.set(b, off, value); return;
            }
        }
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
     * Legacy {@code LD_ABS}/{@code LD_IND}: {@code size} bytes of the packet at {@code offset} from the skb's
     * data, in network byte order; the kernel's negative offsets {@code SKF_NET_OFF + k} and
     * {@code SKF_LL_OFF + k} count from the network and the mac header. Returns -1 when the run has no
     * packet or the bytes are outside the frame: the current function then returns 0, as the exit the kernel
     * emits after its load helper does.
     */
    public static long loadPacketLegacy(BpfRun run, long offset64, int size) {
        long offset = (int) offset64; // the kernel passes the offset to its load helper as an int
        long data = run.packet();
        if (data == 0) {
            return -1;
        }
        long mac = run.packetDataMeta();
        long at;
        if (offset >= 0) {
            at = data + offset;
        } else if (offset >= SKF_NET_OFF) {
            at = mac + ETH_HLEN + (offset - SKF_NET_OFF);
        } else if (offset >= SKF_LL_OFF) {
            at = mac + (offset - SKF_LL_OFF);
        } else {
            return -1;
        }
        if (at < mac || at + size > run.packetEnd()) {
            return -1;
        }
        long v = run.memory().load(at, size);
        return size == 1 ? v : Semantics.bswap(v, size * 8);
    }

    private static final long SKF_NET_OFF = -0x100000, SKF_LL_OFF = -0x200000;
    private static final int ETH_HLEN = 14;
}
