package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.rqbpf.kernel.SimMachine;

/**
 * The 32-bit queued-lock word and its whole-word atomic operations (rqspinlock.md §3), shared by
 * {@link RqSpinLock} and {@link QSpinLock}. The word is either an {@code AtomicInteger} (internal locks)
 * or 4 bytes of a byte array reached through a little-endian {@code int} view {@code VarHandle} (the lock
 * field of a map value or data section). Accesses have volatile semantics unless a weaker mode is named
 * at the call. The two storages are a null test apart; the branch is constant per lock and predicted.
 *
 * <p>Unlock of a word in memory clears only the locked byte, with a release store of that byte, as the
 * kernel's {@code smp_store_release(&lock->locked, 0)} does: only the owner writes the locked byte while
 * the lock is held, and waiters change the other bytes (pending, tail) by whole-word CAS concurrently,
 * so a whole-word store would lose their updates and a whole-word atomic add costs a locked
 * instruction. A byte store inside a word other threads CAS is a mixed-size access, which the Java
 * memory model does not describe; on the machines the JVM runs on (x86-64 and AArch64 keep aligned byte
 * stores atomic and coherent with word CAS, and HotSpot orders byte and byte-array-view accesses of one
 * array as one memory) it has the kernel's meaning, and {@code LockWordStress.ReleaseRacesTail} checks
 * that no concurrent tail update is lost. An internal lock's {@code AtomicInteger} has no byte view (and
 * the Lincheck tests model only plain atomics): it releases with an atomic add.
 *
 * <p>Layout and the (tail, pending, locked) notation are drawn in {@link RqSpinLock}.
 */
public abstract class LockWord {
    /** {@code _Q_LOCKED_OFFSET}. */
    public static final int Q_LOCKED_OFFSET = 0;
    /** {@code _Q_LOCKED_MASK}: the locked byte. */
    public static final int Q_LOCKED_MASK = 0x000000FF;
    /** {@code _Q_LOCKED_VAL}. */
    public static final int Q_LOCKED_VAL = 0x1;
    /** {@code _Q_PENDING_OFFSET}. */
    public static final int Q_PENDING_OFFSET = 8;
    /** {@code _Q_PENDING_MASK}: one pending bit (the layout for very large CPU counts). */
    public static final int Q_PENDING_MASK = 0x00000100;
    /** {@code _Q_PENDING_VAL}. */
    public static final int Q_PENDING_VAL = 0x100;
    /** {@code _Q_TAIL_IDX_OFFSET}. */
    public static final int Q_TAIL_IDX_OFFSET = 9;
    /** {@code _Q_TAIL_IDX_MASK}. */
    public static final int Q_TAIL_IDX_MASK = 0x00000600;
    /** {@code _Q_TAIL_CPU_OFFSET}. */
    public static final int Q_TAIL_CPU_OFFSET = 11;
    /** {@code _Q_TAIL_CPU_MASK}. */
    public static final int Q_TAIL_CPU_MASK = 0xFFFFF800;
    /** {@code _Q_TAIL_MASK}. */
    public static final int Q_TAIL_MASK = 0xFFFFFE00;
    /** {@code _Q_LOCKED_PENDING_MASK}. */
    public static final int Q_LOCKED_PENDING_MASK = 0x000001FF;
    /** {@code _Q_MAX_NODES}: queue nodes per CPU (task, softirq, hardirq, NMI). */
    public static final int Q_MAX_NODES = 4;
    /** {@code _Q_PENDING_LOOPS}: bounded re-reads while a pending-to-locked hand-over is in flight. */
    public static final int Q_PENDING_LOOPS = 1;

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The bytes of a word in memory one at a time: the locked byte is byte 0 (little-endian). */
    private static final VarHandle BYTE = MethodHandles.arrayElementVarHandle(byte[].class);

    final SimMachine machine;
    final RqConfig config;
    /** Storage of an internal lock, or null for a view of simulated memory. */
    private final AtomicInteger cell;
    private final byte[] mem;
    private final int off;
    private final long address;

    /** An internal lock: word in an {@code AtomicInteger}, address from the reserved range. */
    LockWord(SimMachine machine, RqConfig config) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.config = Objects.requireNonNull(config, "config");
        this.cell = new AtomicInteger();
        this.mem = null;
        this.off = 0;
        this.address = LockAddresses.next();
    }

    LockWord(SimMachine machine, RqConfig config, byte[] mem, int off, long address) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.config = Objects.requireNonNull(config, "config");
        this.cell = null;
        this.mem = Objects.requireNonNull(mem, "mem");
        if ((off & 3) != 0 || off < 0 || off > mem.length - 4) {
            throw new IllegalArgumentException("lock word offset must be 4-byte aligned and inside the array: " + off);
        }
        if (address == 0) {
            throw new IllegalArgumentException("lock address must not be 0");
        }
        this.off = off;
        this.address = address;
    }

    /** The raw lock word (volatile read), for tests and reports. */
    public final int word() {
        return cell != null ? cell.get() : (int) WORD.getVolatile(mem, off);
    }

    /** The lock's identity: the simulated address of its word. */
    public final long address() {
        return address;
    }

    /** The machine whose CPUs use this lock. */
    public final SimMachine machine() {
        return machine;
    }

    /** The configuration the lock was created with. */
    public final RqConfig config() {
        return config;
    }

    /** Tail code of node {@code idx} on CPU {@code cpu}: {@code ((cpu + 1) << 11) | (idx << 9)}. */
    public static int encodeTail(int cpu, int idx) {
        return ((cpu + 1) << Q_TAIL_CPU_OFFSET) | (idx << Q_TAIL_IDX_OFFSET);
    }

    /** CPU id named by a non-zero tail. */
    public static int tailCpu(int word) {
        return (word >>> Q_TAIL_CPU_OFFSET) - 1;
    }

    /** Node index named by a non-zero tail. */
    public static int tailIdx(int word) {
        return (word & Q_TAIL_IDX_MASK) >>> Q_TAIL_IDX_OFFSET;
    }

    /** {@code (tail, pending, locked)} rendering of a word, e.g. {@code (cpu3/0,1,1)} or {@code (0,0,0)}. */
    public static String describe(int word) {
        String tail = (word & Q_TAIL_MASK) == 0 ? "0" : "cpu" + tailCpu(word) + "/" + tailIdx(word);
        return "(" + tail + "," + ((word & Q_PENDING_MASK) != 0 ? 1 : 0) + "," + (word & Q_LOCKED_MASK) + ")";
    }

    // ------------------------------------------------------------------ word operations

    /** One volatile CAS; returns the witness value (equal to {@code expect} on success). */
    final int cmpxchg(int expect, int update) {
        return cell != null ? cell.compareAndExchange(expect, update)
                : (int) WORD.compareAndExchange(mem, off, expect, update);
    }

    /** trylock: {@code 0,0,0 -> 0,0,1} if the word is 0. */
    final boolean trylock() {
        int v = word();
        return v == 0 && cmpxchg(0, Q_LOCKED_VAL) == 0;
    }

    /** set-pending: {@code *,0,* -> *,1,*}; returns the old word. */
    final int setPending() {
        int v = word();
        for (;;) {
            int w = cmpxchg(v, v | Q_PENDING_VAL);
            if (w == v) {
                return v;
            }
            v = w;
        }
    }

    /** clear-pending: {@code *,1,* -> *,0,*}. */
    final void clearPending() {
        int v = word();
        for (;;) {
            int w = cmpxchg(v, v & ~Q_PENDING_VAL);
            if (w == v) {
                return;
            }
            v = w;
        }
    }

    /** pending-to-locked: atomic add, {@code *,1,0 -> *,0,1}. */
    final void pendingToLocked() {
        if (cell != null) {
            cell.getAndAdd(Q_LOCKED_VAL - Q_PENDING_VAL);
        } else {
            WORD.getAndAdd(mem, off, Q_LOCKED_VAL - Q_PENDING_VAL);
        }
    }

    /** set-locked: {@code *,*,0 -> *,*,1}. */
    final void setLocked() {
        int v = word();
        for (;;) {
            int w = cmpxchg(v, v | Q_LOCKED_VAL);
            if (w == v) {
                return;
            }
            v = w;
        }
    }

    /** exchange-tail: {@code p,*,* -> t,*,*}; returns the old word. */
    final int exchangeTail(int tail) {
        int v = word();
        for (;;) {
            int w = cmpxchg(v, (v & Q_LOCKED_PENDING_MASK) | tail);
            if (w == v) {
                return v;
            }
            v = w;
        }
    }

    /** cmpxchg-tail: {@code t,p,l -> n,p,l}, giving up as soon as the tail is not {@code tail}. */
    final boolean cmpxchgTail(int tail, int newTail) {
        int v = word();
        for (;;) {
            if ((v & Q_TAIL_MASK) != tail) {
                return false;
            }
            int w = cmpxchg(v, (v & Q_LOCKED_PENDING_MASK) | newTail);
            if (w == v) {
                return true;
            }
            v = w;
        }
    }

    /**
     * release: {@code *,*,1 -> *,*,0}, a release store of 0 into the locked byte of a word in memory (see the
     * class comment), an atomic subtract for an internal lock ({@code AtomicInteger} has no release-only
     * add; its volatile add is stronger). Pairs with the acquire of the next owner's CAS or poll of the
     * word, so the critical section happens-before it.
     */
    final void releaseWord() {
        if (cell != null) {
            cell.getAndAdd(-Q_LOCKED_VAL);
        } else {
            BYTE.setRelease(mem, off + Q_LOCKED_OFFSET / 8, (byte) 0);
        }
    }

    /** TAS release: store 0 into the whole word; release, pairing with the next owner's CAS. */
    final void storeZeroRelease() {
        if (cell != null) {
            cell.setRelease(0);
        } else {
            WORD.setRelease(mem, off, 0);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + String.format("@0x%016x", address) + describe(word());
    }
}
