package org.rqbpf.verifier.state;

/** Reference types of verifier-rules.md §4.2. */
public enum RefKind {
    /** {@code bpf_spin_lock}. */
    LOCK,
    /** {@code bpf_res_spin_lock}. */
    RES_LOCK,
    /** {@code bpf_res_spin_lock_irqsave}. */
    RES_LOCK_IRQ,
    /** A saved IRQ flag. */
    IRQ,
    /** An acquired pointer (no function of the runtime acquires one yet). */
    PTR;

    public boolean isLock() {
        return this == LOCK || this == RES_LOCK || this == RES_LOCK_IRQ;
    }
}
