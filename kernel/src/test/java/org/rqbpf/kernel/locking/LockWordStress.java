package org.rqbpf.kernel.locking;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.rqbpf.kernel.SimMachine;

/**
 * jcstress tests of the lock-word protocol (run by {@link JcstressSanityTest}): the fast path's
 * 0,0,0 -> 0,0,1 CAS with the release of unlock, the pending hand-over 0,1,1 -> 0,1,0 -> 0,0,1, and the
 * unlock's byte store racing a tail CAS.
 * They drive the word operations directly, so the actors need no simulated CPU.
 */
public final class LockWordStress {
    private LockWordStress() {}

    static final SimMachine MACHINE = new SimMachine(1);

    /** Two trylock fast paths: at most one critical section at a time, no lost update. */
    @JCStressTest
    @Outcome(id = {"1, 1, 2", "1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "exclusive, counter exact")
    @Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "two owners at once: lost update")
    @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "both failed on a free lock")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class FastPath {
        final RqSpinLock lock = new RqSpinLock(MACHINE);
        int counter;

        private int critical() {
            // 0,0,0 -> 0,0,1
            if (!lock.trylock()) {
                return 0;
            }
            counter++;
            // 0,0,1 -> 0,0,0 (release; pairs with the other actor's CAS)
            lock.releaseWord();
            return 1;
        }

        @Actor
        public void a(III_Result r) {
            r.r1 = critical();
        }

        @Actor
        public void b(III_Result r) {
            r.r2 = critical();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r3 = counter + (lock.word() == 0 ? 0 : 100);
        }
    }

    /** Owner releases while a pending waiter waits: the waiter sees the owner's writes and takes the lock. */
    @JCStressTest
    @Outcome(id = "42, 1", expect = ACCEPTABLE, desc = "hand-over: data visible, word (0,0,1)")
    @Outcome(expect = FORBIDDEN, desc = "stale data or wrong word")
    @State
    public static class PendingHandover {
        final RqSpinLock lock = new RqSpinLock(MACHINE);
        int data;

        public PendingHandover() {
            // 0,0,0 -> 0,0,1: actor 'owner' holds the lock from the start.
            lock.trylock();
        }

        @Actor
        public void owner() {
            data = 42;
            // *,*,1 -> *,*,0 (release; pairs with the waiter's acquire poll below)
            lock.releaseWord();
        }

        @Actor
        public void waiter(II_Result r) {
            // 0,0,1 -> 0,1,1 (or 0,0,0 -> 0,1,0 if the owner already left)
            lock.setPending();
            // Wait 0,1,1 -> 0,1,0 (volatile poll; pairs with the owner's release)
            while ((lock.word() & LockWord.Q_LOCKED_MASK) != 0) {
                Thread.onSpinWait();
            }
            // 0,1,0 -> 0,0,1
            lock.pendingToLocked();
            r.r1 = data;
            r.r2 = lock.word();
        }
    }

    /**
     * The unlock's byte store of the locked byte races a waiter publishing its tail by whole-word CAS: the
     * tail survives and the lock is released (the mixed-size access of {@link LockWord#releaseWord}).
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "released, tail kept")
    @Outcome(expect = FORBIDDEN, desc = "a lost tail or a lock still held")
    @State
    public static class ReleaseRacesTail {
        static final int TAIL = LockWord.encodeTail(0, 1);
        /** A lock word in simulated memory (the map-value case), where unlock stores the locked byte. */
        final RqSpinLock lock = new RqSpinLock(MACHINE, RqConfig.defaults(), new byte[8], 4, 0x1000);

        public ReleaseRacesTail() {
            // 0,0,0 -> 0,0,1
            lock.trylock();
        }

        @Actor
        public void owner() {
            // *,*,1 -> *,*,0
            lock.releaseWord();
        }

        @Actor
        public void waiter() {
            // 0,*,* -> t,*,*
            lock.exchangeTail(TAIL);
        }

        @Arbiter
        public void check(I_Result r) {
            r.r1 = lock.word() == TAIL ? 1 : 0;
        }
    }
}
