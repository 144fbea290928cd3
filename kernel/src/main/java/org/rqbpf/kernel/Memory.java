package org.rqbpf.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Objects;
import org.rqbpf.kernel.locking.QSpinLock;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.kernel.locking.RqSpinLock;

/**
 * Simulated program memory of one {@link SimMachine}: regions addressed by 64-bit pointers, checked
 * little-endian loads and stores of 1, 2, 4 and 8 bytes, BPF atomics on 4 and 8 bytes, and lock views of
 * lock words stored inside regions.
 *
 * <p>A pointer holds the region id in its high 32 bits with the id's top bit flipped, and the offset in the
 * low 32:
 * <pre>
 *    63    62                 32 31                            0
 *  +------+---------------------+-------------------------------+
 *  |~id31 |     id bits 30..0   |   offset into the region      |
 *  +------+---------------------+-------------------------------+
 * </pre>
 * Allocated region ids are below 2^31 ({@link #MAX_REGION_ID}), so every pointer into a region is negative
 * as a signed 64-bit value, as kernel
 * addresses are on x86-64 and arm64: a program that tests a pointer with a signed comparison
 * ({@code if r1 s< 0}) takes the branch it takes on Linux.
 *
 * <p>Region id 0 is never allocated, and 0 is no region's pointer, so pointer 0 is NULL; ids of freed
 * regions are reused. Region ids
 * from {@link #RESERVED_REGION_BASE} up are reserved for the addresses of internal locks. Lookups are
 * lock-free (an array indexed by id); allocation and freeing are synchronized.
 */
public final class Memory {
    /** First reserved region id: internal (non-memory) locks get addresses in this range. */
    public static final int RESERVED_REGION_BASE = 0xFFFF0000;
    /** Bit 63, flipped in every pointer so that pointers are negative (see the class comment). */
    private static final long KERNEL_HALF = Long.MIN_VALUE;
    /** Largest region id {@link #allocate} hands out. */
    public static final int MAX_REGION_ID = 0x7FFFFFFF;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Region[].class);

    private final SimMachine machine;
    private volatile Region[] table = new Region[64];
    private int nextId = 1;
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();

    /** Memory of {@code machine} (lock views created here run on its CPUs). */
    public Memory(SimMachine machine) {
        this.machine = Objects.requireNonNull(machine, "machine");
    }

    // ---------------------------------------------------------------- pointers

    /** The pointer of {@code offset} in region {@code regionId}. */
    public static long pointer(int regionId, int offset) {
        return (((long) regionId << 32) | (offset & 0xFFFFFFFFL)) ^ KERNEL_HALF;
    }

    /** Region id of a pointer. */
    public static int regionId(long pointer) {
        return (int) ((pointer ^ KERNEL_HALF) >>> 32);
    }

    /** Offset of a pointer (as an unsigned 32-bit value stored in an int). */
    public static int offset(long pointer) {
        return (int) pointer;
    }

    // ---------------------------------------------------------------- regions

    /** Allocates a zeroed region of {@code size} bytes. */
    public Region allocate(String name, RegionKind kind, int size, boolean readOnly) {
        if (size < 0) {
            throw new IllegalArgumentException("negative region size: " + size);
        }
        return wrap(name, kind, new byte[size], readOnly);
    }

    /** Allocates a writable zeroed region. */
    public Region allocate(String name, RegionKind kind, int size) {
        return allocate(name, kind, size, false);
    }

    /** Makes {@code bytes} (not copied) a region. */
    public synchronized Region wrap(String name, RegionKind kind, byte[] bytes, boolean readOnly) {
        Objects.requireNonNull(bytes, "bytes");
        int id;
        if (!freeIds.isEmpty()) {
            id = freeIds.pop();
        } else {
            if (nextId == MAX_REGION_ID) {
                throw new IllegalStateException("out of region ids");
            }
            id = nextId++;
        }
        Region r = new Region(id, Objects.requireNonNull(name, "name"), Objects.requireNonNull(kind, "kind"),
                bytes, readOnly);
        Region[] t = table;
        if (id >= t.length) {
            t = java.util.Arrays.copyOf(t, Math.max(id + 1, t.length * 2));
        }
        // Release pairs with the acquire load in region(): the region's fields are visible to finders.
        SLOT.setRelease(t, id, r);
        table = t;
        return r;
    }

    /** Frees a region: later accesses through its pointers fault until the id is reused. */
    public synchronized void free(Region r) {
        Region[] t = table;
        if (r.id() >= t.length || SLOT.getAcquire(t, r.id()) != r) {
            throw new IllegalArgumentException(r + " is not live in this memory");
        }
        r.freed = true;
        SLOT.setRelease(t, r.id(), (Region) null);
        freeIds.push(r.id());
    }

    /** The live region with id {@code id}, or null. */
    public Region region(int id) {
        Region[] t = table;
        return id > 0 && id < t.length ? (Region) SLOT.getAcquire(t, id) : null;
    }

    /** The live region {@code pointer} points into, or null. */
    public Region regionOf(long pointer) {
        return region(regionId(pointer));
    }

    /** Number of live regions (for leak checks in tests). */
    public synchronized int liveRegions() {
        return nextId - 1 - freeIds.size();
    }

    // ---------------------------------------------------------------- checks

    private Region check(long addr, int size, MemoryFault.Access access) {
        Region r = regionOf(addr);
        if (r == null) {
            throw new MemoryFault(addr, size, access, addr == 0 ? "NULL pointer" : "no region " + regionId(addr));
        }
        int off = offset(addr);
        if (off < 0 || off > r.size() - size) {
            throw new MemoryFault(addr, size, access, "offset " + Integer.toUnsignedString(off)
                    + " outside " + r);
        }
        if (access != MemoryFault.Access.READ && r.readOnly()) {
            throw new MemoryFault(addr, size, access, r + " is read-only");
        }
        if (access == MemoryFault.Access.ATOMIC) {
            if (size != 4 && size != 8) {
                throw new MemoryFault(addr, size, access, "atomics are 4 or 8 bytes");
            }
            if ((off & (size - 1)) != 0) {
                throw new MemoryFault(addr, size, access, "misaligned atomic");
            }
        }
        return r;
    }

    private static MemoryFault badSize(long addr, int size, MemoryFault.Access a) {
        return new MemoryFault(addr, size, a, "access size must be 1, 2, 4 or 8");
    }

    // ---------------------------------------------------------------- loads and stores

    /** Loads {@code size} bytes, zero-extended to 64 bits. */
    public long load(long addr, int size) {
        byte[] b = check(addr, size, MemoryFault.Access.READ).bytes();
        int off = offset(addr);
        switch (size) {
            case 1: return b[off] & 0xFFL;
            case 2: return (short) SHORT.get(b, off) & 0xFFFFL;
            case 4: return (int) INT.get(b, off) & 0xFFFFFFFFL;
            case 8: return (long) LONG.get(b, off);
            default: throw badSize(addr, size, MemoryFault.Access.READ);
        }
    }

    /** Loads {@code size} bytes, sign-extended to 64 bits. */
    public long loadSigned(long addr, int size) {
        long v = load(addr, size);
        int shift = 64 - 8 * size;
        return (v << shift) >> shift;
    }

    /** Stores the low {@code size} bytes of {@code value}. */
    public void store(long addr, int size, long value) {
        byte[] b = check(addr, size, MemoryFault.Access.WRITE).bytes();
        int off = offset(addr);
        switch (size) {
            case 1: b[off] = (byte) value; break;
            case 2: SHORT.set(b, off, (short) value); break;
            case 4: INT.set(b, off, (int) value); break;
            case 8: LONG.set(b, off, value); break;
            default: throw badSize(addr, size, MemoryFault.Access.WRITE);
        }
    }

    // ---------------------------------------------------------------- atomics (volatile semantics)

    /** BPF atomic operations other than cmpxchg. */
    public enum AtomicOp { ADD, AND, OR, XOR, XCHG }

    /**
     * Atomically applies {@code op} with {@code operand} to the 4 or 8 bytes at {@code addr} and returns
     * the old value (zero-extended for 4 bytes); callers of the non-fetch BPF forms ignore it.
     */
    public long atomic(AtomicOp op, long addr, int size, long operand) {
        byte[] b = check(addr, size, MemoryFault.Access.ATOMIC).bytes();
        int off = offset(addr);
        if (size == 4) {
            int v = (int) operand;
            int old;
            switch (op) {
                case ADD: old = (int) INT.getAndAdd(b, off, v); break;
                case AND: old = (int) INT.getAndBitwiseAnd(b, off, v); break;
                case OR: old = (int) INT.getAndBitwiseOr(b, off, v); break;
                case XOR: old = (int) INT.getAndBitwiseXor(b, off, v); break;
                default: old = (int) INT.getAndSet(b, off, v); break;
            }
            return old & 0xFFFFFFFFL;
        }
        switch (op) {
            case ADD: return (long) LONG.getAndAdd(b, off, operand);
            case AND: return (long) LONG.getAndBitwiseAnd(b, off, operand);
            case OR: return (long) LONG.getAndBitwiseOr(b, off, operand);
            case XOR: return (long) LONG.getAndBitwiseXor(b, off, operand);
            default: return (long) LONG.getAndSet(b, off, operand);
        }
    }

    /** Atomic add; returns nothing ({@code BPF_ADD}). */
    public void atomicAdd(long addr, int size, long v) {
        atomic(AtomicOp.ADD, addr, size, v);
    }

    /** Atomic add returning the old value ({@code BPF_ADD | BPF_FETCH}). */
    public long fetchAdd(long addr, int size, long v) {
        return atomic(AtomicOp.ADD, addr, size, v);
    }

    /** Atomic and. */
    public void atomicAnd(long addr, int size, long v) {
        atomic(AtomicOp.AND, addr, size, v);
    }

    /** Atomic and returning the old value. */
    public long fetchAnd(long addr, int size, long v) {
        return atomic(AtomicOp.AND, addr, size, v);
    }

    /** Atomic or. */
    public void atomicOr(long addr, int size, long v) {
        atomic(AtomicOp.OR, addr, size, v);
    }

    /** Atomic or returning the old value. */
    public long fetchOr(long addr, int size, long v) {
        return atomic(AtomicOp.OR, addr, size, v);
    }

    /** Atomic xor. */
    public void atomicXor(long addr, int size, long v) {
        atomic(AtomicOp.XOR, addr, size, v);
    }

    /** Atomic xor returning the old value. */
    public long fetchXor(long addr, int size, long v) {
        return atomic(AtomicOp.XOR, addr, size, v);
    }

    /** Atomic exchange; returns the old value. */
    public long xchg(long addr, int size, long v) {
        return atomic(AtomicOp.XCHG, addr, size, v);
    }

    /**
     * Compare-and-exchange: if the value equals {@code expected} (low 32 bits for size 4) store
     * {@code desired}; returns the old value (zero-extended for size 4), as BPF's {@code r0}.
     */
    public long cmpxchg(long addr, int size, long expected, long desired) {
        byte[] b = check(addr, size, MemoryFault.Access.ATOMIC).bytes();
        int off = offset(addr);
        if (size == 4) {
            return (int) INT.compareAndExchange(b, off, (int) expected, (int) desired) & 0xFFFFFFFFL;
        }
        return (long) LONG.compareAndExchange(b, off, expected, desired);
    }

    // ---------------------------------------------------------------- lock views

    /**
     * The rqspinlock whose 4-byte word is at {@code address} (a {@code struct bpf_res_spin_lock} field
     * or map-internal lock slot), using the machine's lock configuration. Repeated calls with the same
     * address return the same object while the region lives; {@link RqSpinLock#address()} is
     * {@code address}.
     *
     * @throws MemoryFault if the 4 bytes are not inside a live writable region or not 4-byte aligned
     */
    public RqSpinLock lockAt(long address) {
        return lockAt(address, null);
    }

    /** As {@link #lockAt(long)} with an explicit configuration (used only when the view is created). */
    public RqSpinLock lockAt(long address, RqConfig config) {
        Region r = check(address, 4, MemoryFault.Access.ATOMIC);
        int offset = offset(address);
        Region.LastLock last = r.lastLock;
        if (last != null && last.offset() == offset && last.view() instanceof RqSpinLock l) {
            return l;
        }
        // get first: computeIfAbsent is too large for the JVM to inline, so its capturing lambda would be
        // allocated on every lock call.
        Object v = r.lockViews.get(offset);
        if (v == null) {
            v = r.lockViews.computeIfAbsent(offset, off -> new RqSpinLock(machine,
                    config != null ? config : machine.config(), r.bytes(), off, address));
        }
        if (last == null) {
            r.lastLock = new Region.LastLock(offset, v); // the first lock of the region stays cached: no churn
        }
        if (!(v instanceof RqSpinLock)) {
            throw new MemoryFault(address, 4, MemoryFault.Access.ATOMIC, "already used as a bpf_spin_lock");
        }
        return (RqSpinLock) v;
    }

    /** The plain qspinlock ({@code struct bpf_spin_lock}) whose word is at {@code address}. */
    public QSpinLock qspinLockAt(long address) {
        Region r = check(address, 4, MemoryFault.Access.ATOMIC);
        Object v = r.lockViews.computeIfAbsent(offset(address), off -> new QSpinLock(machine,
                machine.config(), r.bytes(), off, address));
        if (!(v instanceof QSpinLock)) {
            throw new MemoryFault(address, 4, MemoryFault.Access.ATOMIC, "already used as a bpf_res_spin_lock");
        }
        return (QSpinLock) v;
    }

    /** The machine this memory belongs to. */
    public SimMachine machine() {
        return machine;
    }
}
