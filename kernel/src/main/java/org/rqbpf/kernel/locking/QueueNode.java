package org.rqbpf.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An MCS queue node (rqspinlock.md §4): four per CPU for each lock kind, indexed by
 * {@code nodes[0].count}, the CPU's nesting depth inside the queue path. Only the owning CPU initialises
 * a node; a predecessor writes {@code next}'s link into it, and its predecessor writes {@code locked}.
 */
public final class QueueNode {
    /** {@code RES_TIMEOUT_VAL}: value of {@code locked} that makes a waiter abort. */
    public static final int RES_TIMEOUT_VAL = 2;

    private static final VarHandle NEXT;
    private static final VarHandle LOCKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(QueueNode.class, "next", QueueNode.class);
            LOCKED = l.findVarHandle(QueueNode.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int cpu;
    final int index;
    @SuppressWarnings("unused")
    private QueueNode next;
    @SuppressWarnings("unused")
    private int locked;
    /** Used on node 0 only: nodes of this CPU in use. Owner-only. */
    int count;
    /** The thread waiting on this node, for the unpark on hand-over (owner writes before enqueueing). */
    volatile Thread waiter;
    /** Whether {@link #waiter} may be parked on this node (then whoever writes {@code locked} unparks it). */
    volatile boolean parked;

    QueueNode(int cpu, int index) {
        this.cpu = cpu;
        this.index = index;
    }

    /**
     * Resets the node before it is published. Plain stores: the volatile CAS of exchange-tail that
     * publishes the node orders them before any remote access.
     */
    void init() {
        LOCKED.set(this, 0);
        NEXT.set(this, (QueueNode) null);
        parked = false;
    }

    /** The successor link (volatile read, pairs with {@link #setNext}). */
    public QueueNode next() {
        return (QueueNode) NEXT.getVolatile(this);
    }

    /** Links the successor (volatile write, read by the predecessor in claim and teardown). */
    void setNext(QueueNode n) {
        NEXT.setVolatile(this, n);
    }

    /** 0 wait, 1 queue head, {@link #RES_TIMEOUT_VAL} abort. Acquire: pairs with {@link #setLocked}. */
    public int locked() {
        return (int) LOCKED.getAcquire(this);
    }

    /**
     * Hands the head role (1) or the abort (RES_TIMEOUT_VAL) to this node's waiter. At least release:
     * pairs with the waiter's acquire in {@link #locked()}, so everything the predecessor did (its claim
     * of the word) is visible to the new head. Volatile rather than release because the read of
     * {@code parked} that follows must not be reordered before it (the waiter stores {@code parked} and
     * then re-reads {@code locked}: one side sees the other, so no wake-up is lost).
     */
    void setLocked(int value) {
        LOCKED.setVolatile(this, value);
        if (parked) {
            Thread t = waiter;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
        }
    }

    /** Nodes in use (meaningful on node 0). */
    public int count() {
        return count;
    }

    @Override
    public String toString() {
        QueueNode n = next();
        return "node[cpu" + cpu + "/" + index + " locked=" + locked() + " next="
                + (n == null ? "null" : "cpu" + n.cpu + "/" + n.index) + (index == 0 ? " count=" + count : "") + "]";
    }
}
