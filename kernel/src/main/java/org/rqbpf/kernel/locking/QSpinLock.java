package org.rqbpf.kernel.locking;

import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * The kernel's plain queued spin lock (rqspinlock.md §16): the same word layout and word operations as
 * {@link RqSpinLock} (drawn there), with its own per-CPU queue nodes, and without held table, checks,
 * timeouts or pre-queue AA check. It backs {@code bpf_spin_lock} and is the benchmark baseline. Its
 * waits are unbounded and follow the same {@link WaitPolicy} (minus the check schedule), so comparisons
 * with {@link RqSpinLock} are fair; a deadlock on it hangs, exactly as in the kernel.
 *
 * <p>Operations run on {@link SimCpu#current()} (else {@link IllegalStateException}).
 */
public final class QSpinLock extends LockWord {
    private final boolean spinMode;

    /** An internal lock with the machine's wait policy. */
    public QSpinLock(SimMachine machine) {
        this(machine, machine.config());
    }

    /** An internal lock with the wait policy of {@code config}. */
    public QSpinLock(SimMachine machine, RqConfig config) {
        super(machine, config);
        this.spinMode = RqSpinLock.spinMode(config, machine);
    }

    /** A view of the word at {@code mem[off..off+3]} with identity {@code address}. */
    public QSpinLock(SimMachine machine, RqConfig config, byte[] mem, int off, long address) {
        super(machine, config, mem, off, address);
        this.spinMode = RqSpinLock.spinMode(config, machine);
    }

    /** {@code queued_spin_lock}: returns once the lock is held. */
    public void lock() {
        SimCpu cpu = SimCpu.current();
        // 0,0,0 -> 0,0,1 (volatile CAS; acquire pairs with the release in unlock()).
        int v = cmpxchg(0, Q_LOCKED_VAL);
        if (v != 0) {
            slowPath(cpu, v);
        }
    }

    private void slowPath(SimCpu cpu, int v) {
        Waiter w = cpu.locks().waiter(this, spinMode, false);
        if (v == Q_PENDING_VAL) {
            // Wait 0,1,0 -> 0,0,1: a pending hand-over in flight.
            v = w.rereadWhilePendingHandover(v);
        }
        if ((v & ~Q_LOCKED_MASK) == 0) {
            // 0,0,* -> 0,1,*
            int old = setPending();
            if ((old & ~Q_LOCKED_MASK) == 0) {
                if ((old & Q_LOCKED_MASK) != 0) {
                    w.beginTimed(0);
                    // Wait *,1,1 -> *,1,0 (poll acquires, pairs with the owner's releaseWord).
                    w.awaitClear(Q_LOCKED_MASK);
                }
                // *,1,0 -> *,0,1
                pendingToLocked();
                return;
            }
            if ((old & Q_PENDING_MASK) == 0) {
                // n,1,* -> n,0,*: undo our bit, a queue exists.
                clearPending();
            }
        }
        queue(cpu, w);
    }

    private void queue(SimCpu cpu, Waiter w) {
        QueueNode[] nodes = cpu.locks().qNodes;
        int idx = nodes[0].count++;
        if (idx >= Q_MAX_NODES) {
            // 0,0,0 -> 0,0,1 repeatedly: no node left for this nesting level.
            w.beginTimed(0);
            while (!trylock()) {
                w.awaitClear(0xFFFFFFFF);
            }
            nodes[0].count--;
            return;
        }
        int tail = encodeTail(cpu.id(), idx);
        QueueNode node = nodes[idx];
        node.init();
        // 0,0,0 -> 0,0,1
        if (trylock()) {
            nodes[0].count--;
            return;
        }
        // p,*,* -> tail,*,* (volatile CAS loop: publishes node.init()).
        int old = exchangeTail(tail);
        QueueNode next = null;
        if ((old & Q_TAIL_MASK) != 0) {
            QueueNode prev = machine.cpu(tailCpu(old)).locks().qNodes[tailIdx(old)];
            prev.setNext(node);
            // Wait node.locked 0 -> 1 (acquire pairs with the predecessor's setLocked).
            w.awaitHeadRole(node);
            next = node.next();
        }
        w.beginTimed(0);
        // Wait tail,*,* -> tail,0,0 (poll acquires, pairs with owner / pending releases).
        w.awaitClear(Q_LOCKED_PENDING_MASK);
        int v = w.lastWord;
        if ((v & Q_TAIL_MASK) == tail && cmpxchg(v, Q_LOCKED_VAL) == v) {
            // tail,0,0 -> 0,0,1 done: last waiter.
            nodes[0].count--;
            return;
        }
        // *,*,0 -> *,*,1
        setLocked();
        if (next == null) {
            next = w.awaitNext(node);
        }
        // next.locked 0 -> 1 (release pairs with the successor's acquire poll).
        next.setLocked(1);
        nodes[0].count--;
    }

    /** {@code queued_spin_unlock}: {@code *,*,1 -> *,*,0}. */
    public void unlock() {
        SimCpu.current();
        // *,*,1 -> *,*,0 (release; pairs with the acquire of the next owner's CAS or poll).
        releaseWord();
    }
}
