package org.rqbpf.kernel.locking;

import java.util.concurrent.locks.LockSupport;
import org.rqbpf.kernel.Clock;
import org.rqbpf.kernel.SimCpu;

/**
 * The waiting loops of one slow-path call (rqspinlock.md §9, §10): the poll schedule, the check (AA on
 * the first poll, then timeout and ABBA), and yielding/parking. The 16-bit poll counter of SPIN mode
 * belongs to the whole call, the rest of the state to the current waiting loop.
 *
 * <p>Reused, not allocated: each CPU keeps one per {@link org.rqbpf.kernel.CpuContext} ({@link
 * CpuLocks#waiter}), and {@link #begin} resets it at the start of a slow path. That is safe because a
 * slow path runs to completion in its context; the only code that can interleave with it on the same CPU
 * is an interrupt handler, which runs in a strictly higher context and so uses another instance.
 *
 * <p>Every poll that does not exit calls {@link Thread#onSpinWait()} and is an interrupt point. Rule for
 * running more simulated CPUs than hardware threads: in BACKOFF mode a waiter spins at most
 * {@code spinPolls} polls, then yields every poll, then parks {@code parkNanos} per poll once it has
 * waited {@code parkAfter}; a parked non-head waiter is also unparked by whoever hands it the head role
 * or the abort (the kernel's paravirt wait/kick), so parking never delays a hand-over by a whole park.
 *
 * <p>Wait time for {@link RqStats} (rqspinlock only) runs from the first poll that does not exit to
 * {@link #elapsed()}: a slow path that never polled in vain records 0 without reading the clock, and the
 * first timed check's clock read (§9) doubles as the start, so a pending or head wait reads the clock
 * twice (its first check and the end). qspinlock waits read it only for BACKOFF's park schedule.
 */
final class Waiter {
    private static final int SPIN_CHECK_MASK = 0xFFFF;

    private final SimCpu cpu;
    private final Clock clock;

    // per slow-path call
    private LockWord lock;
    private boolean spinMode;
    /** rqspinlock: run the checks of §9 and time the wait; qspinlock: neither. */
    private boolean checks;
    private int spinPolls;
    private long parkAfter;
    private long parkNanos;
    private long abbaInterval;
    /** Whether some poll of this call did not exit; then {@link #waitStart} holds its clock. */
    private boolean waited;
    private long waitStart;
    /** SPIN schedule: polls of this call, modulo 2^16. */
    private int polls;

    // state of the current timed loop
    private long budget;
    private boolean started;
    private long deadline;
    private long lastAbba;
    private long loopStart;
    private long now;
    private int loopPolls;

    /** The last word read by a successful {@link #awaitClear}. */
    int lastWord;
    /** Why the last {@link #awaitClear} failed: AA, ABBA or a timeout (reported as TIMEOUT_PENDING here). */
    RqOutcome failure;

    Waiter(SimCpu cpu) {
        this.cpu = cpu;
        this.clock = cpu.machine().clock();
    }

    /** Resets this waiter for a slow-path call on {@code lock}; returns it. */
    Waiter begin(LockWord lock, boolean spinMode, boolean checks) {
        this.lock = lock;
        this.spinMode = spinMode;
        this.checks = checks;
        WaitPolicy p = lock.config.waitPolicy();
        this.spinPolls = p.spinPolls();
        this.parkAfter = p.parkAfterNanos();
        this.parkNanos = p.parkNanos();
        this.abbaInterval = lock.config.abbaIntervalNanos();
        this.waited = false;
        this.polls = 0;
        this.failure = null;
        return this;
    }

    /** Notes a poll that did not exit: the wait clock starts at the first (rqspinlock only). */
    private void noteWait() {
        if (checks && !waited) {
            waitStart = clock.nanoTime();
            waited = true;
        }
    }

    /** Wait time of this call so far (0 if no poll failed): the value {@link RqStats} records. */
    long elapsed() {
        return waited ? clock.nanoTime() - waitStart : 0;
    }

    /** Starts a new timed waiting loop with {@code budgetNanos}; its first poll runs the AA check. */
    void beginTimed(long budgetNanos) {
        this.budget = budgetNanos;
        this.started = false;
        this.loopPolls = 0;
    }

    /**
     * Polls until {@code (word & mask) == 0} (returns 0, word in {@link #lastWord}) or a check fails
     * (returns -EDEADLK or -ETIMEDOUT, reason in {@link #failure}). Continues the current timed loop.
     */
    int awaitClear(int mask) {
        for (;;) {
            // Volatile read; acquire pairs with the release of the owner's unlock (releaseWord) or of
            // a pending waiter's pending-to-locked / a failed waiter's clear-pending.
            int v = lock.word();
            if ((v & mask) == 0) {
                lastWord = v;
                return 0;
            }
            if (checks) {
                int r = pollCheck(mask);
                if (r != 0) {
                    return r;
                }
            } else {
                pauseUntimed();
                cpu.interruptPoint();
                continue;
            }
            pauseTimed();
            cpu.interruptPoint();
        }
    }

    private int pollCheck(int mask) {
        boolean run;
        boolean later = started;
        if (spinMode) {
            run = !started || polls == 0;
            polls = (polls + 1) & SPIN_CHECK_MASK;
        } else {
            run = loopPolls == 0 || loopPolls >= spinPolls;
        }
        loopPolls = loopPolls == Integer.MAX_VALUE ? loopPolls : loopPolls + 1;
        if (!run) {
            return 0;
        }
        int r = check(mask);
        if (r == 0 && spinMode && later) {
            Thread.yield();
        }
        return r;
    }

    /** §9: first check AA then start the clock; later checks timeout, then ABBA at most every interval. */
    private int check(int mask) {
        if (!started) {
            if (DeadlockChecks.aa(cpu.locks().held, lock.address())) {
                failure = RqOutcome.AA;
                return RqSpinLock.NEG_EDEADLK;
            }
            now = clock.nanoTime();
            if (!waited) {
                waitStart = now;
                waited = true;
            }
            deadline = now + budget;
            lastAbba = now;
            loopStart = now;
            started = true;
            return 0;
        }
        now = clock.nanoTime();
        if (now - deadline > 0) {
            failure = RqOutcome.TIMEOUT_PENDING;
            return RqSpinLock.NEG_ETIMEDOUT;
        }
        if (now - lastAbba > abbaInterval) {
            lastAbba = now;
            if (DeadlockChecks.abba(cpu, lock, mask)) {
                failure = RqOutcome.ABBA;
                return RqSpinLock.NEG_EDEADLK;
            }
        }
        return 0;
    }

    /** Timed-loop yielding: SPIN yields in pollCheck; BACKOFF yields, then parks, past spinPolls. */
    private void pauseTimed() {
        Thread.onSpinWait();
        if (!spinMode && loopPolls > spinPolls) {
            if (now - loopStart > parkAfter) {
                LockSupport.parkNanos(parkNanos);
            } else {
                Thread.yield();
            }
        }
    }

    /** Starts a non-timed waiting loop (non-head wait, wait for next, pending re-read). */
    void beginUntimed() {
        loopPolls = 0;
    }

    /** Non-timed yielding: SPIN yields every 2^16 polls of the call; BACKOFF as in timed loops. */
    private void pauseUntimed() {
        Thread.onSpinWait();
        if (spinMode) {
            polls = (polls + 1) & SPIN_CHECK_MASK;
            if (polls == 0) {
                Thread.yield();
            }
            return;
        }
        int p = loopPolls;
        loopPolls = p == Integer.MAX_VALUE ? p : p + 1;
        if (p < spinPolls) {
            return;
        }
        now = clock.nanoTime();
        if (p == spinPolls) {
            loopStart = now;
        }
        if (now - loopStart > parkAfter) {
            LockSupport.parkNanos(parkNanos);
        } else {
            Thread.yield();
        }
    }

    /** Whether the next untimed pause of this loop would park (BACKOFF past parkAfter). */
    private boolean wouldPark() {
        return !spinMode && loopPolls > spinPolls && now - loopStart > parkAfter;
    }

    /**
     * Non-head wait (§6.3 step 7): until {@code node.locked != 0}; returns the value (1 head,
     * RES_TIMEOUT_VAL abort). No checks. Past parkAfter the waiter announces it may park, so the
     * predecessor's hand-over unparks it.
     */
    int awaitHeadRole(QueueNode node) {
        beginUntimed();
        for (;;) {
            // Acquire: pairs with the predecessor's setLocked (release + unpark).
            int l = node.locked();
            if (l != 0) {
                return l;
            }
            noteWait();
            if (wouldPark() && !node.parked) {
                node.waiter = Thread.currentThread();
                // Volatile store, then the re-read below: with the predecessor's volatile store of locked
                // followed by its read of parked, one of the two sides sees the other (no lost wake-up).
                node.parked = true;
                continue;
            }
            pauseUntimed();
            cpu.interruptPoint();
        }
    }

    /** Waits until {@code node.next != null} (steps 9–11): the successor exchanged the tail and will link. */
    QueueNode awaitNext(QueueNode node) {
        beginUntimed();
        for (;;) {
            // Volatile read: pairs with the successor's volatile setNext.
            QueueNode n = node.next();
            if (n != null) {
                return n;
            }
            noteWait();
            pauseUntimed();
            cpu.interruptPoint();
        }
    }

    /**
     * §6.2 step 3: while the word is {@code (0,1,0)} a pending waiter is between seeing the owner leave and
     * taking the lock ({@code 0,1,0 -> 0,0,1}); re-read at most {@code _Q_PENDING_LOOPS} times.
     */
    int rereadWhilePendingHandover(int v) {
        beginUntimed();
        for (int i = 0; i < LockWord.Q_PENDING_LOOPS && v == LockWord.Q_PENDING_VAL; i++) {
            noteWait();
            pauseUntimed();
            cpu.interruptPoint();
            v = lock.word();
        }
        return v;
    }
}
