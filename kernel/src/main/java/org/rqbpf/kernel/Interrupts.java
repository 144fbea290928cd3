package org.rqbpf.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Interrupt requests and their delivery for one CPU (rqspinlock.md §2).
 *
 * <p>Delivery rules: an NMI is deliverable in any context below NMI; a hardirq below HARDIRQ while IRQs
 * are enabled; a softirq only on return from a hardirq to task context, or at the end of task work, with
 * IRQs enabled. Handlers run synchronously on the bound thread with their context pushed (IRQs disabled
 * for hardirq and NMI).
 *
 * <p>{@code attention} is what keeps an idle interrupt point at one field read: it is non-zero while a
 * request is pending or an arrival source is installed.
 */
final class Interrupts {
    private static final int PENDING = 1;
    private static final int SOURCES = 2;
    private static final VarHandle ATTENTION;

    static {
        try {
            ATTENTION = MethodHandles.lookup().findVarHandle(Interrupts.class, "attention", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SimCpu cpu;
    private final SplittableRandom arrivalRandom;
    /** One slot per context ordinal (TASK unused): the pending handler, or null. */
    private final AtomicReferenceArray<Runnable> pending = new AtomicReferenceArray<>(4);
    private final AtomicLongArray dropped = new AtomicLongArray(4);
    private final AtomicLongArray delivered = new AtomicLongArray(4);
    @SuppressWarnings("unused")
    private int attention;
    /** Installed sources; replaced (copy on write) under the monitor, read by the bound thread. */
    private volatile InterruptSource[] sources = new InterruptSource[0];
    /** The bound thread's view of {@link #sources}, with per-source state. */
    private InterruptSource.Arrival[] arrivals = new InterruptSource.Arrival[0];
    private InterruptSource[] arrivalsOf = sources;

    Interrupts(SimCpu cpu, SplittableRandom arrivalRandom) {
        this.cpu = cpu;
        this.arrivalRandom = arrivalRandom;
    }

    int attention() {
        // Opaque: a plain load that the JIT may not hoist out of a spinning loop.
        return (int) ATTENTION.getOpaque(this);
    }

    boolean raise(CpuContext ctx, Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        if (ctx == CpuContext.TASK) {
            throw new IllegalArgumentException("cannot raise an interrupt in task context");
        }
        int i = ctx.ordinal();
        // Volatile CAS null -> handler; the bound thread's getAndSet in deliver pairs with it.
        if (!pending.compareAndSet(i, null, handler)) {
            dropped.incrementAndGet(i);
            return false;
        }
        // Set after the slot, so a bound thread that clears PENDING and re-scans sees the slot or this bit.
        ATTENTION.getAndBitwiseOr(this, PENDING);
        return true;
    }

    long dropped(CpuContext ctx) {
        return dropped.get(ctx.ordinal());
    }

    long delivered(CpuContext ctx) {
        return delivered.get(ctx.ordinal());
    }

    synchronized void add(InterruptSource source) {
        Objects.requireNonNull(source, "source");
        InterruptSource[] s = Arrays.copyOf(sources, sources.length + 1);
        s[s.length - 1] = source;
        sources = s;
        ATTENTION.getAndBitwiseOr(this, SOURCES);
    }

    synchronized void clearSources() {
        sources = new InterruptSource[0];
        ATTENTION.getAndBitwiseAnd(this, ~SOURCES);
    }

    /** The slow half of {@link SimCpu#interruptPoint()}; bound thread only. */
    void slowPoint() {
        tickSources();
        deliver(false);
    }

    void endTaskWork() {
        deliver(true);
    }

    private void tickSources() {
        InterruptSource[] current = sources;
        if (current != arrivalsOf) {
            syncArrivals(current);
        }
        if (arrivals.length == 0) {
            return;
        }
        long now = 0;
        boolean haveNow = false;
        for (InterruptSource.Arrival a : arrivals) {
            if (a.source.kind == InterruptSource.Kind.TIMED && !haveNow) {
                now = cpu.machine().clock().nanoTime();
                haveNow = true;
            }
            if (a.tick(now)) {
                raise(a.source.context, a.source.handler);
            }
        }
    }

    /** Keeps the state of sources still installed, creates state for new ones, in installation order. */
    private void syncArrivals(InterruptSource[] current) {
        InterruptSource.Arrival[] next = new InterruptSource.Arrival[current.length];
        long now = cpu.machine().clock().nanoTime();
        for (int i = 0; i < current.length; i++) {
            InterruptSource.Arrival kept = null;
            for (InterruptSource.Arrival a : arrivals) {
                if (a.source == current[i]) {
                    kept = a;
                }
            }
            next[i] = kept != null ? kept : new InterruptSource.Arrival(current[i], arrivalRandom.split(), now);
        }
        arrivals = next;
        arrivalsOf = current;
    }

    /** Runs every deliverable request, highest context first; at task end also the softirq. */
    private void deliver(boolean taskEnd) {
        for (;;) {
            CpuContext ctx = deliverable(taskEnd);
            if (ctx == null) {
                break;
            }
            Runnable h = pending.getAndSet(ctx.ordinal(), null);
            if (h != null) {
                runHandler(ctx, h);
            }
        }
        settleAttention();
    }

    private CpuContext deliverable(boolean taskEnd) {
        CpuContext cur = cpu.context();
        if (pending.get(CpuContext.NMI.ordinal()) != null && cur != CpuContext.NMI) {
            return CpuContext.NMI;
        }
        if (!cpu.irqsEnabled()) {
            return null;
        }
        if (pending.get(CpuContext.HARDIRQ.ordinal()) != null && cur.compareTo(CpuContext.HARDIRQ) < 0) {
            return CpuContext.HARDIRQ;
        }
        if (taskEnd && cur == CpuContext.TASK && pending.get(CpuContext.SOFTIRQ.ordinal()) != null) {
            return CpuContext.SOFTIRQ;
        }
        return null;
    }

    void runHandler(CpuContext ctx, Runnable handler) {
        boolean irqsBefore = cpu.irqsEnabled();
        cpu.pushContext(ctx);
        cpu.setIrqsEnabled(ctx == CpuContext.SOFTIRQ);
        delivered.incrementAndGet(ctx.ordinal());
        try {
            handler.run();
        } finally {
            cpu.setIrqsEnabled(irqsBefore);
            cpu.popContext();
        }
        if (ctx == CpuContext.HARDIRQ && cpu.context() == CpuContext.TASK && cpu.irqsEnabled()) {
            // irq_exit: softirqs raised so far run on the way back to task context.
            Runnable soft = pending.getAndSet(CpuContext.SOFTIRQ.ordinal(), null);
            if (soft != null) {
                runHandler(CpuContext.SOFTIRQ, soft);
            }
        }
    }

    /** Clears PENDING when no slot is occupied, re-checking so a concurrent raise is never lost. */
    private void settleAttention() {
        if (anyPending()) {
            return;
        }
        ATTENTION.getAndBitwiseAnd(this, ~PENDING);
        if (anyPending()) {
            ATTENTION.getAndBitwiseOr(this, PENDING);
        }
    }

    private boolean anyPending() {
        return pending.get(1) != null || pending.get(2) != null || pending.get(3) != null;
    }
}
