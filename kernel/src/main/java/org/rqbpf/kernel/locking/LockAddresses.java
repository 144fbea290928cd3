package org.rqbpf.kernel.locking;

import java.util.concurrent.atomic.AtomicLong;
import org.rqbpf.kernel.Memory;

/** Unique addresses for internal locks, from the region-id range {@link Memory} never allocates. */
final class LockAddresses {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final long BASE = Memory.pointer(Memory.RESERVED_REGION_BASE, 0);

    private LockAddresses() {}

    /** A fresh, 4-byte aligned, non-zero address in the reserved range. */
    static long next() {
        return BASE + 4 * (NEXT.getAndIncrement() + 1);
    }
}
