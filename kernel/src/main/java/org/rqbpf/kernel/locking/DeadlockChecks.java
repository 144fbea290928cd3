package org.rqbpf.kernel.locking;

import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/** The AA and ABBA rules of rqspinlock.md §8, over the per-CPU held-lock tables. */
final class DeadlockChecks {
    private DeadlockChecks() {}

    /**
     * AA (§8.1): the lock appears in this CPU's {@code locks[0 .. n-2]}, {@code n = min(31, cnt)}; the top
     * entry is the current attempt (with a full table, entry 30 is excluded too, as in the kernel).
     */
    static boolean aa(HeldLocks own, long address) {
        int n = Math.min(HeldLocks.RES_NR_HELD, own.ownCount());
        return own.ownContains(address, n - 1);
    }

    /**
     * ABBA (§8.2): some CPU {@code c} holds our lock while acquiring a lock we hold. Returns true for
     * -EDEADLK; false when no CPU matches, the first holder found is inconclusive, or the lock became
     * available ({@code (word & mask) == 0}) during the scan.
     */
    static boolean abba(SimCpu self, LockWord lock, int mask) {
        HeldLocks own = self.locks().held;
        int n = Math.min(HeldLocks.RES_NR_HELD, own.ownCount());
        long address = lock.address();
        SimMachine m = self.machine();
        int cpus = m.cpuCount();
        for (int c = 0; c < cpus; c++) {
            if ((lock.word() & mask) == 0) {
                return false;
            }
            if (c == self.id()) {
                continue;
            }
            HeldLocks remote = m.cpu(c).locks().held;
            // Acquire: pairs with the release stores of the remote CPU's push/pop.
            int rc = remote.count();
            if (rc < 2 || rc > HeldLocks.RES_NR_HELD) {
                continue;
            }
            long wanted = remote.entry(rc - 1);
            if (wanted == 0) {
                continue;
            }
            if (remote.contains(address, rc - 1)) {
                return own.ownContains(wanted, n - 1);
            }
        }
        return false;
    }
}
