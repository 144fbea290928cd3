package org.rqbpf.kernel.locking;

/** The one outcome each {@link RqSpinLock#lock()} call records (rqspinlock.md §17). */
public enum RqOutcome {
    /** Fast-path CAS. */
    FAST(true),
    /** Acquired as the pending waiter. */
    PENDING(true),
    /** Acquired through the queue (including the trylock before queueing). */
    QUEUE(true),
    /** Acquired by the trylock fallback (nodes exhausted or NMI over a queued waiter). */
    TRYLOCK(true),
    /** Acquired by the TAS slow path. */
    TAS(true),
    /** This CPU already holds the lock. */
    AA(false),
    /** Two CPUs each hold what the other wants. */
    ABBA(false),
    /** Pending waiter ran out of its budget. */
    TIMEOUT_PENDING(false),
    /** Queue head ran out of its budget. */
    TIMEOUT_HEAD(false),
    /** TAS loop ran out of its budget. */
    TIMEOUT_TAS(false),
    /** Non-head waiter aborted by the queue teardown. */
    QUEUE_ABORT(false),
    /** Trylock fallback failed. */
    TRYLOCK_FAIL(false);

    private static final RqOutcome[] VALUES = values();
    /** Number of outcomes. */
    public static final int COUNT = VALUES.length;

    private final boolean success;

    RqOutcome(boolean success) {
        this.success = success;
    }

    /** Whether the lock was acquired. */
    public boolean success() {
        return success;
    }

    /** Whether this is a deadlock verdict (-EDEADLK). */
    public boolean deadlock() {
        return this == AA || this == ABBA || this == TRYLOCK_FAIL;
    }

    /** Whether this is a timeout or teardown (-ETIMEDOUT). */
    public boolean timeout() {
        return this == TIMEOUT_PENDING || this == TIMEOUT_HEAD || this == TIMEOUT_TAS || this == QUEUE_ABORT;
    }

    /** The outcome with the given ordinal. */
    public static RqOutcome of(int ordinal) {
        return VALUES[ordinal];
    }
}
