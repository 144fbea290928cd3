package org.rqbpf.kernel.locking;

import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Resilient queued spin lock: a Java port of the Linux kernel's rqspinlock (normative contract:
 * {@code spec/rqspinlock.md}). A qspinlock whose waiters detect AA and ABBA deadlocks and give up after a
 * bounded time, returning {@code -EDEADLK} ({@link Errno#EDEADLK}) or {@code -ETIMEDOUT} ({@link Errno#ETIMEDOUT})
 * instead of hanging the (simulated) machine.
 *
 * <p>The lock word (whole-word atomics only; see {@link LockWord}):
 * <pre>
 *  31                                     11 10     9   8   7                    0
 * +-----------------------------------------+---------+---+----------------------+
 * |            tail CPU + 1  (21 bits)      | tail idx| P |     locked byte      |
 * |            0 = no queue                 | (0..3)  |   |     (0 or 1)         |
 * +-----------------------------------------+---------+---+----------------------+
 *  \_______________ tail (_Q_TAIL_MASK = 0xFFFFFE00) ____/
 * </pre>
 * States are written {@code (tail, pending, locked)}: {@code 0,0,0} free, {@code 0,0,1} held,
 * {@code 0,1,1} held with a pending waiter, {@code n,*,*} a queue whose last node is {@code n},
 * {@code *} any value. Each CAS or wait below is preceded by its transition.
 *
 * <p>Who waits where: the first contender spins on the word as the <em>pending waiter</em>
 * (budget {@code pendingTimeout}); later ones queue on their CPU's MCS node; the <em>queue head</em>
 * spins on the word (budget {@code headTimeout}); non-head waiters spin on their own node without timers,
 * because a failing head tears the queue down in FIFO order. Before touching the word every call pushes
 * the lock's address on the CPU's {@link HeldLocks held-lock table}; the first poll of each timed wait
 * checks AA against it, later polls check the timeout and, at most every {@code abbaInterval}, ABBA
 * against all CPUs' tables.
 *
 * <p>More simulated CPUs than hardware threads: waiting follows {@link WaitPolicy} ({@code AUTO} picks
 * {@code BACKOFF} when the machine has more CPUs than the host has processors). BACKOFF spins
 * {@code spinPolls} polls, then yields each poll, then parks {@code parkNanos} each poll once the loop has
 * waited {@code parkAfter}; a parked non-head waiter is unparked by whoever hands it the head role or the
 * abort. No waiting loop spins longer than 65 536 polls without yielding, so an owner sharing a core with
 * its waiters always gets to run and release.
 *
 * <p>All operations run on {@link SimCpu#current()} (else {@link IllegalStateException}). A non-zero
 * result means "not acquired": do not unlock, do not touch the protected data. Unlock in LIFO order.
 */
public final class RqSpinLock extends LockWord {
    /** Lock calls return {@code -EDEADLK} (-35) on AA, ABBA and trylock-fallback failure. */
    static final int NEG_EDEADLK = -Errno.EDEADLK;
    /** Lock calls return {@code -ETIMEDOUT} (-110) on any timeout or queue teardown. */
    static final int NEG_ETIMEDOUT = -Errno.ETIMEDOUT;

    private final boolean tas;
    private final boolean spinMode;

    /** An internal lock (address from the reserved range) with the machine's configuration. */
    public RqSpinLock(SimMachine machine) {
        this(machine, machine.config());
    }

    /** An internal lock with its own configuration. */
    public RqSpinLock(SimMachine machine, RqConfig config) {
        super(machine, config);
        this.tas = config.algorithm() == Algorithm.TAS;
        this.spinMode = spinMode(config, machine);
    }

    /**
     * A view of the word at {@code mem[off..off+3]} whose identity is {@code address}; {@link
     * org.rqbpf.kernel.Memory#lockAt(long)} creates these for lock fields in simulated memory.
     */
    public RqSpinLock(SimMachine machine, RqConfig config, byte[] mem, int off, long address) {
        super(machine, config, mem, off, address);
        this.tas = config.algorithm() == Algorithm.TAS;
        this.spinMode = spinMode(config, machine);
    }

    static boolean spinMode(RqConfig config, SimMachine machine) {
        return config.waitPolicy().effectiveMode(machine.cpuCount()) == WaitPolicy.Mode.SPIN;
    }

    /**
     * {@code res_spin_lock}: acquires the lock or detects that it cannot.
     *
     * <p>The fast path (§6.1) is kept to what the spec requires so that it inlines into callers: one CPU
     * lookup, the held-table push, one CAS, one plain counter increment. Everything else, including the
     * waiter state and configuration, lives behind {@code slowPath}.
     *
     * @return 0 acquired; {@code -35} AA/ABBA/trylock-fallback failure; {@code -110} timeout or teardown
     */
    public int lock() {
        return lock(SimCpu.current().locks());
    }

    /** {@link #lock()} where the caller knows its CPU ({@code cpu} must be {@link SimCpu#current()}). */
    public int lock(SimCpu cpu) {
        assert cpu == SimCpu.current() : "lock on " + cpu + " from another CPU";
        return lock(cpu.locks());
    }

    /** {@link #lock()} on the CPU owning {@code pc}, the one lookup done by the caller. */
    private int lock(CpuLocks pc) {
        assert pc.cpu().machine() == machine : "lock of " + machine + " used on " + pc.cpu().machine();
        // §6.1.1: the entry goes first, so a nested context landing right after the CAS sees it (same
        // thread: program order). Remote ABBA scans: push's release stores precede the volatile CAS, and
        // a scanner whose volatile read of the word sees our locked byte (or anything later) synchronizes
        // with the CAS, so its acquire loads of our table see the entry.
        pc.held.push(address());
        // 0,0,0 -> 0,0,1 (volatile CAS; acquire pairs with the release in unlock()).
        int v = cmpxchg(0, Q_LOCKED_VAL);
        if (v == 0) {
            pc.countFast();
            return 0;
        }
        return slowPath(pc, v);
    }

    /** §6.2–6.5 with {@code v} the word the fast path saw; the held entry is pushed. */
    private int slowPath(CpuLocks pc, int v) {
        Waiter w = pc.waiter(this, spinMode, true);
        if (tas) {
            return tasSlowPath(pc, w);
        }
        if (v == Q_PENDING_VAL) {
            // Wait 0,1,0 -> 0,0,1: a pending waiter is completing its hand-over; re-read briefly.
            v = w.rereadWhilePendingHandover(v);
        }
        if ((v & ~Q_LOCKED_MASK) == 0) {
            // 0,0,* -> 0,1,*: claim the pending bit.
            int old = setPending();
            if ((old & ~Q_LOCKED_MASK) == 0) {
                return pendingWait(pc, w, old);
            }
            if ((old & Q_PENDING_MASK) == 0) {
                // n,1,* -> n,0,*: someone queued meanwhile; undo our bit.
                clearPending();
            }
        }
        return queue(pc.cpu(), pc, w);
    }

    /** §6.2 steps 6–8: this CPU owns the pending bit. */
    private int pendingWait(CpuLocks pc, Waiter w, int old) {
        if ((old & Q_LOCKED_MASK) != 0) {
            w.beginTimed(config.pendingTimeoutNanos());
            // Wait *,1,1 -> *,1,0: the owner releases (poll acquires, pairs with its releaseWord).
            int r = w.awaitClear(Q_LOCKED_MASK);
            if (r != 0) {
                // *,1,* -> *,0,*: give the pending bit back.
                clearPending();
                return fail(pc, w, r, w.failure);
            }
        }
        // *,1,0 -> *,0,1 (atomic add; volatile, so the critical section cannot float above it).
        pendingToLocked();
        pc.record(RqOutcome.PENDING, w.elapsed());
        return 0;
    }

    /** §6.3: the MCS queue. */
    private int queue(SimCpu cpu, CpuLocks pc, Waiter w) {
        HeldLocks held = pc.held;
        if (DeadlockChecks.aa(held, address())) {
            return fail(pc, w, NEG_EDEADLK, RqOutcome.AA);
        }
        QueueNode[] nodes = pc.rqNodes;
        int idx = nodes[0].count++;
        int tail = encodeTail(cpu.id(), idx);
        if (idx >= Q_MAX_NODES || (cpu.context() == CpuContext.NMI && idx > 0)) {
            // 0,0,0 -> 0,0,1 once, no spinning: nodes exhausted, or an NMI over a waiter of this CPU.
            boolean ok = trylock();
            nodes[0].count--;
            if (ok) {
                pc.record(RqOutcome.TRYLOCK, w.elapsed());
                return 0;
            }
            return fail(pc, w, NEG_EDEADLK, RqOutcome.TRYLOCK_FAIL);
        }
        QueueNode node = nodes[idx];
        node.init();
        // 0,0,0 -> 0,0,1: the lock may have become free while we prepared the node.
        if (trylock()) {
            nodes[0].count--;
            pc.record(RqOutcome.QUEUE, w.elapsed());
            return 0;
        }
        // p,*,* -> tail,*,* (volatile CAS loop: publishes node.init() to whoever decodes our tail).
        int old = exchangeTail(tail);
        QueueNode next = null;
        if ((old & Q_TAIL_MASK) != 0) {
            QueueNode prev = machine.cpu(tailCpu(old)).locks().rqNodes[tailIdx(old)];
            prev.setNext(node);
            // Wait node.locked 0 -> 1 (head) or RES_TIMEOUT_VAL (abort); acquire pairs with the
            // predecessor's setLocked.
            if (w.awaitHeadRole(node) == QueueNode.RES_TIMEOUT_VAL) {
                return teardown(pc, w, node, tail, RqOutcome.QUEUE_ABORT);
            }
            next = node.next();
        }
        w.beginTimed(config.headTimeoutNanos());
        // Wait tail,*,* -> tail,0,0: owner and pending waiter gone (poll acquires, pairs with their
        // releaseWord / pendingToLocked-then-release).
        int r = w.awaitClear(Q_LOCKED_PENDING_MASK);
        if (r == NEG_EDEADLK) {
            return headDeadlock(pc, w, node, tail);
        }
        if (r != 0) {
            return teardown(pc, w, node, tail, RqOutcome.TIMEOUT_HEAD);
        }
        int v = w.lastWord;
        if ((v & Q_TAIL_MASK) == tail) {
            // tail,0,0 -> 0,0,1: we are the last waiter; take the lock and drop the queue in one CAS.
            if (cmpxchg(v, Q_LOCKED_VAL) == v) {
                nodes[0].count--;
                pc.record(RqOutcome.QUEUE, w.elapsed());
                return 0;
            }
        }
        // *,*,0 -> *,*,1: someone queued behind us; take the lock, leave the queue in place.
        setLocked();
        if (next == null) {
            next = w.awaitNext(node);
        }
        // next.locked 0 -> 1: the successor becomes head (release pairs with its acquire poll).
        next.setLocked(1);
        nodes[0].count--;
        pc.record(RqOutcome.QUEUE, w.elapsed());
        return 0;
    }

    /** §6.3 step 9: the head saw AA/ABBA; leave without destroying the queue. */
    private int headDeadlock(CpuLocks pc, Waiter w, QueueNode node, int tail) {
        // tail,p,l -> 0,p,l if we are still the last waiter.
        if (!cmpxchgTail(tail, 0)) {
            QueueNode next = w.awaitNext(node);
            // next.locked 0 -> 1: the successor becomes head with a fresh budget (release, pairs with its poll).
            next.setLocked(1);
        }
        pc.rqNodes[0].count--;
        return fail(pc, w, NEG_EDEADLK, w.failure);
    }

    /** §6.3 step 10: FIFO teardown on the head's timeout or a received abort. */
    private int teardown(CpuLocks pc, Waiter w, QueueNode node, int tail, RqOutcome outcome) {
        // tail,p,l -> 0,p,l if we are the last waiter; else pass the abort on.
        if (!cmpxchgTail(tail, 0)) {
            QueueNode next = w.awaitNext(node);
            // next.locked 0 -> RES_TIMEOUT_VAL: the successor repeats this step (release, pairs with its poll).
            next.setLocked(QueueNode.RES_TIMEOUT_VAL);
        }
        pc.rqNodes[0].count--;
        return fail(pc, w, NEG_ETIMEDOUT, outcome);
    }

    /** §6.5: one waiting loop on the whole word; 0 -> 1 whenever it is seen free. */
    private int tasSlowPath(CpuLocks pc, Waiter w) {
        w.beginTimed(config.tasTimeoutNanos());
        for (;;) {
            // Wait 1 -> 0 (poll acquires, pairs with storeZeroRelease in unlock).
            int r = w.awaitClear(0xFFFFFFFF);
            if (r != 0) {
                return fail(pc, w, r, w.failure == RqOutcome.TIMEOUT_PENDING ? RqOutcome.TIMEOUT_TAS : w.failure);
            }
            // 0 -> 1 (volatile CAS; acquire pairs with the previous owner's release store).
            if (cmpxchg(0, Q_LOCKED_VAL) == 0) {
                pc.record(RqOutcome.TAS, w.elapsed());
                return 0;
            }
        }
    }

    /** Pops the held entry and records a failure; timeouts of the pending wait keep their own name. */
    private static int fail(CpuLocks pc, Waiter w, int ret, RqOutcome outcome) {
        pc.held.pop();
        pc.record(outcome, w.elapsed());
        return ret;
    }

    /**
     * {@code res_spin_unlock}: releases the word, then pops the held entry (in this order, so a nested
     * context landing in between sees a false AA rather than missing a real one).
     */
    public void unlock() {
        unlock(SimCpu.current().locks().held);
    }

    /** {@link #unlock()} where the caller knows its CPU ({@code cpu} must be {@link SimCpu#current()}). */
    public void unlock(SimCpu cpu) {
        assert cpu == SimCpu.current() : "unlock on " + cpu + " from another CPU";
        unlock(cpu.locks().held);
    }

    /** {@link #unlock()} with the current CPU's held table, the one lookup done by the caller. */
    private void unlock(HeldLocks held) {
        assert unlocksTop(held);
        if (tas) {
            // 1 -> 0 (release store; pairs with the next owner's CAS).
            storeZeroRelease();
        } else {
            // *,*,1 -> *,*,0 (release; pairs with the acquire of the next owner's CAS or poll).
            releaseWord();
        }
        // §12: word first, then the entry. Nested contexts of this CPU see the entry until the word is
        // free (program order); for remote scans pop's release stores are ordered after the volatile
        // release above, and its release store of cnt orders the cleared entry before the decrement
        // (pairs with the scanner's acquire of cnt).
        held.pop();
    }

    /** §5's SHOULD (checked under {@code -ea}): unlock targets the top held entry unless the table overflowed. */
    private boolean unlocksTop(HeldLocks held) {
        int c = held.ownCount();
        if (c <= 0) {
            throw new AssertionError("unlock of " + this + " with no lock held on " + SimCpu.current());
        }
        if (c <= HeldLocks.RES_NR_HELD && held.ownEntry(c - 1) != address()) {
            throw new AssertionError("unlock of " + this + " is not LIFO on " + SimCpu.current() + ": " + held);
        }
        return true;
    }

    /**
     * {@code raw_res_spin_lock_irqsave}: saves and disables IRQs, then locks; on failure restores IRQs and
     * leaves {@code out} untouched.
     */
    public int lockIrqSave(IrqFlags out) {
        long r = lockIrqSave(SimCpu.current());
        if (r < 0) {
            return (int) r;
        }
        out.set(r);
        return 0;
    }

    /**
     * {@link #lockIrqSave(IrqFlags)} for a caller already running on {@code cpu} (map code), with the
     * saved flags in the result instead of an {@link IrqFlags} object, so that large callers the JIT
     * cannot inline this into pay no allocation.
     *
     * @return the saved flags ({@code >= 0}) when the lock is held; else {@code -EDEADLK} or
     *     {@code -ETIMEDOUT}, with IRQs restored
     */
    public long lockIrqSave(SimCpu cpu) {
        assert cpu == SimCpu.current() : "lockIrqSave on " + cpu + " from another CPU";
        long flags = cpu.irqSave();
        int r = lock(cpu.locks());
        if (r != 0) {
            cpu.irqRestore(flags);
            return r;
        }
        return flags;
    }

    /** {@code raw_res_spin_unlock_irqrestore}: unlocks, then restores IRQs from {@code in}. */
    public void unlockIrqRestore(IrqFlags in) {
        unlockIrqRestore(SimCpu.current(), in.value());
    }

    /** {@link #unlockIrqRestore(IrqFlags)} on {@code cpu} with flags from {@link #lockIrqSave(SimCpu)}. */
    public void unlockIrqRestore(SimCpu cpu, long flags) {
        assert cpu == SimCpu.current() : "unlockIrqRestore on " + cpu + " from another CPU";
        unlock(cpu.locks().held);
        cpu.irqRestore(flags);
    }
}
