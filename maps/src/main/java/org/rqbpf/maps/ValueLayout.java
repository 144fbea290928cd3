package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.locking.QSpinLock;
import org.rqbpf.program.LockField;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;

/**
 * How a map value is copied (verifier-rules.md §3.1): map operations never copy the 4 bytes of a lock
 * field, a fresh value starts with its lock words 0, host reads see those bytes as 0. {@code BPF_F_LOCK}
 * copies while holding the value's {@code struct bpf_spin_lock} (the kernel's
 * {@code copy_map_value_locked}: IRQs off, plain qspinlock).
 */
final class ValueLayout {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final int size;
    /** {@code size} rounded up to 8: the kernel's element and per-CPU slot size. */
    final int stride;
    /** Sorted offsets of every lock field (both kinds). */
    private final int[] locks;
    /** Offset of the {@code struct bpf_spin_lock} that {@code BPF_F_LOCK} takes, or -1. */
    final int spinLock;

    ValueLayout(MapDef def) {
        this.size = def.valueSize();
        this.stride = (size + 7) & ~7;
        this.locks = def.lockFields().stream().mapToInt(LockField::offset).sorted().toArray();
        LockField spin = def.lockField(LockKind.SPIN_LOCK);
        this.spinLock = spin == null ? -1 : spin.offset();
    }

    boolean hasSpinLock() {
        return spinLock >= 0;
    }

    /** Copies a value into map storage, leaving the destination's lock words as they are. */
    void copyIn(byte[] src, int so, byte[] dst, int doff) {
        if (locks.length == 0) {
            copy(src, so, dst, doff, size);
            return;
        }
        int from = 0;
        for (int l : locks) {
            System.arraycopy(src, so + from, dst, doff + from, l - from);
            from = l + 4;
        }
        System.arraycopy(src, so + from, dst, doff + from, size - from);
    }

    /** Initialises a fresh value: copies it and zeroes the lock words. */
    void init(byte[] src, int so, byte[] dst, int doff) {
        copy(src, so, dst, doff, size);
        zeroLocks(dst, doff);
    }

    /**
     * {@code System.arraycopy}, with the 4- and 8-byte values of most maps moved as one access (a small
     * arraycopy of unknown length is a stub call, several times the cost of the copy itself).
     */
    static void copy(byte[] src, int so, byte[] dst, int doff, int n) {
        switch (n) {
            case 8 -> LONG.set(dst, doff, (long) LONG.get(src, so));
            case 4 -> INT.set(dst, doff, (int) INT.get(src, so));
            default -> System.arraycopy(src, so, dst, doff, n);
        }
    }

    /** Initialises a fresh value to zeroes (other CPUs' slots of a per-CPU element). */
    void clear(byte[] dst, int doff) {
        Arrays.fill(dst, doff, doff + size, (byte) 0);
    }

    void zeroLocks(byte[] dst, int doff) {
        for (int l : locks) {
            Arrays.fill(dst, doff + l, doff + l + 4, (byte) 0);
        }
    }

    /** Copies a stored value out for the host, lock words reported as 0. */
    void copyOut(byte[] src, int so, byte[] dst, int doff) {
        System.arraycopy(src, so, dst, doff, size);
        zeroLocks(dst, doff);
    }

    /** {@code BPF_F_LOCK}: {@link #copyIn} under the value's bpf_spin_lock, with IRQs disabled. */
    void copyInLocked(Memory memory, SimCpu cpu, Region region, int valueOff, byte[] src, int so) {
        QSpinLock lock = memory.qspinLockAt(region.pointer(valueOff + spinLock));
        long flags = cpu.irqSave();
        lock.lock();
        try {
            copyIn(src, so, region.bytes(), valueOff);
        } finally {
            lock.unlock();
            cpu.irqRestore(flags);
        }
    }
}
