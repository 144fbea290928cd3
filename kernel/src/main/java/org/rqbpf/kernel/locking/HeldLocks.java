package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A CPU's held-lock table (rqspinlock.md §7): {@code cnt} and {@code locks[31]} of lock addresses, 0 =
 * empty. The top entry is the lock being acquired or the last one acquired. Written only by the owning
 * CPU's thread, read by remote CPUs during ABBA scans (and by error reports) without locking: every
 * write is a release store and every remote read an acquire load, so a remote reader that sees a
 * {@code cnt} also sees the entries written before it.
 */
public final class HeldLocks {
    /** {@code RES_NR_HELD}: entries per CPU. */
    public static final int RES_NR_HELD = 31;

    private static final VarHandle CNT;
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            CNT = MethodHandles.lookup().findVarHandle(HeldLocks.class, "cnt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private int cnt;
    private final long[] locks = new long[RES_NR_HELD];

    /** {@code cnt}: entries pushed, may exceed 31 (acquire: pairs with the release stores of push/pop). */
    public int count() {
        return (int) CNT.getAcquire(this);
    }

    /** Entry {@code i} ({@code 0 <= i < 31}); acquire, pairs with the release stores of push/pop. */
    public long entry(int i) {
        return (long) ENTRY.getAcquire(locks, i);
    }

    /** The owner's own view of cnt: it is the only writer, so a plain read is exact. */
    int ownCount() {
        return (int) CNT.get(this);
    }

    /** Owner's own view of entry {@code i}. */
    long ownEntry(int i) {
        return (long) ENTRY.get(locks, i);
    }

    /**
     * push: {@code cnt++}, then the address at {@code locks[cnt-1]} if it fits. Release stores: a remote
     * ABBA scan that acquires the new cnt sees the entry's previous contents or this address, never a
     * torn state; the entry being visible after the count is harmless (the scan treats 0 as "skip").
     */
    void push(long address) {
        int c = (int) CNT.get(this) + 1;
        CNT.setRelease(this, c);
        if (c <= RES_NR_HELD) {
            ENTRY.setRelease(locks, c - 1, address);
        }
    }

    /**
     * pop: clear {@code locks[cnt-1]} if it was stored, then {@code cnt--}. The release store of cnt
     * orders the clear before it (pairs with the acquire of cnt in remote scans), so no scan sees the
     * old count with a stale entry below it and reports a false ABBA.
     */
    void pop() {
        int c = (int) CNT.get(this);
        if (c <= RES_NR_HELD) {
            ENTRY.setRelease(locks, c - 1, 0L);
        }
        CNT.setRelease(this, c - 1);
    }

    /** Whether {@code address} appears in {@code locks[0 .. n-1]} (owner-side reads). */
    boolean ownContains(long address, int n) {
        for (int i = 0; i < n; i++) {
            if (ownEntry(i) == address) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code address} appears in {@code locks[0 .. n-1]} (remote reads). */
    boolean contains(long address, int n) {
        for (int i = 0; i < n; i++) {
            if (entry(i) == address) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        int c = count();
        StringBuilder sb = new StringBuilder("held[cnt=").append(c);
        for (int i = 0; i < Math.min(c, RES_NR_HELD); i++) {
            sb.append(String.format(" 0x%016x", entry(i)));
        }
        return sb.append(']').toString();
    }
}
