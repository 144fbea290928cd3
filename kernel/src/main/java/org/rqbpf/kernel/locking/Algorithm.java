package org.rqbpf.kernel.locking;

/** Slow-path algorithm of an {@link RqSpinLock} (rqspinlock.md §6, §11). */
public enum Algorithm {
    /** Pending bit plus MCS queue: the kernel's default. */
    QUEUED,
    /** Test-and-set with a timeout (§6.5): word 0 free, 1 held. */
    TAS
}
