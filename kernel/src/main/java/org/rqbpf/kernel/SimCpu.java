package org.rqbpf.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rqbpf.kernel.locking.CpuLocks;

/**
 * One simulated CPU of a {@link SimMachine} (rqspinlock.md §2, runtime.md "Simulated CPUs and
 * contexts").
 *
 * <p><b>Binding.</b> Java code runs <em>on</em> a CPU: {@link #run(Runnable)} / {@link #call(CpuCallable)}
 * bind the calling thread for the duration, and {@link #newThread(String, Runnable)} makes a
 * {@link CpuThread} bound for its whole life. At most one thread is bound to a CPU at a time and a thread
 * is bound to at most one CPU. {@link #current()} finds the CPU of a {@code CpuThread} through a field;
 * other threads use a {@code ThreadLocal} fallback (tests, host-side callers).
 *
 * <p><b>Ownership.</b> Everything but {@link #raise}, {@link #id()}, {@link #machine()}, the dropped
 * counters and the read-only views of the lock state belongs to the bound thread: context stack, IRQ
 * flag, preempt count, random stream, per-CPU locals, the rqspinlock queue nodes and held-lock table.
 * Interrupt handlers run synchronously on that thread at interrupt points, so they share this state
 * without races.
 */
public final class SimCpu {
    /** x86 IF bit: what {@link #irqSave()} returns when IRQs were enabled. */
    public static final long IRQ_FLAGS_ENABLED = 0x200;

    private static final ThreadLocal<SimCpu> FOREIGN = new ThreadLocal<>();
    private static final VarHandle OWNER;
    private static final VarHandle LOCALS;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(SimCpu.class, "owner", Thread.class);
            LOCALS = MethodHandles.arrayElementVarHandle(Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SimMachine machine;
    private final int id;
    private final CpuLocks locks;
    private final SplittableRandom random;
    final Interrupts interrupts;

    /** The bound thread; CAS null -> thread on bind, plain-stored back to null on unbind. */
    @SuppressWarnings("unused")
    private volatile Thread owner;

    private final CpuContext[] contextStack = new CpuContext[CpuContext.values().length];
    private int depth;
    private CpuContext context = CpuContext.TASK;
    private boolean irqsEnabled = true;
    private int preemptCount;
    private volatile Object[] locals = new Object[8];

    SimCpu(SimMachine machine, int id, long seed) {
        this.machine = machine;
        this.id = id;
        SplittableRandom root = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (id + 1)));
        this.random = root.split();
        this.interrupts = new Interrupts(this, root.split());
        this.contextStack[0] = CpuContext.TASK;
        this.locks = new CpuLocks(this);
    }

    // ---------------------------------------------------------------- identity and binding

    /** This CPU's id, {@code 0..machine().cpuCount()-1}. */
    public int id() {
        return id;
    }

    /** The machine this CPU belongs to. */
    public SimMachine machine() {
        return machine;
    }

    /**
     * The CPU the calling thread is bound to.
     *
     * @throws IllegalStateException if the thread is not bound to a CPU
     */
    public static SimCpu current() {
        Thread t = Thread.currentThread();
        if (t instanceof CpuThread) {
            SimCpu c = ((CpuThread) t).bound;
            if (c != null) {
                return c;
            }
        }
        SimCpu c = FOREIGN.get();
        if (c == null) {
            throw new IllegalStateException("thread '" + t.getName() + "' is not bound to a simulated CPU"
                    + " (use cpu.run(...) or a CpuThread)");
        }
        return c;
    }

    /** The CPU the calling thread is bound to, or null. */
    public static SimCpu currentOrNull() {
        Thread t = Thread.currentThread();
        if (t instanceof CpuThread) {
            SimCpu c = ((CpuThread) t).bound;
            if (c != null) {
                return c;
            }
        }
        return FOREIGN.get();
    }

    /** The thread bound to this CPU right now, or null. */
    public Thread boundThread() {
        return owner;
    }

    /**
     * Runs {@code body} on this CPU: binds the calling thread, runs the body in task context, then runs
     * the softirqs that became due at the end of the task work, and unbinds.
     *
     * @throws IllegalStateException if another thread is bound to this CPU or this thread is bound to a CPU
     */
    public void run(Runnable body) {
        Objects.requireNonNull(body, "body");
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Like {@link #run(Runnable)}, returning the body's result (checked exceptions pass through). */
    public <T, E extends Exception> T call(CpuCallable<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        Thread t = Thread.currentThread();
        if (currentOrNull() != null) {
            throw new IllegalStateException("thread '" + t.getName() + "' is already bound to CPU "
                    + currentOrNull().id + "; cannot bind it to CPU " + id);
        }
        // Pairs with the volatile store of null at unbind: the previous bound thread's writes to this
        // CPU's state happen-before ours.
        if (!OWNER.compareAndSet(this, null, t)) {
            Thread other = owner;
            throw new IllegalStateException("CPU " + id + " is already bound to thread '"
                    + (other == null ? "?" : other.getName()) + "'");
        }
        bindThread(t, this);
        try {
            T result = body.call();
            endTaskWork();
            return result;
        } finally {
            bindThread(t, null);
            owner = null;
        }
    }

    private static void bindThread(Thread t, SimCpu cpu) {
        if (t instanceof CpuThread) {
            ((CpuThread) t).bound = cpu;
        } else if (cpu == null) {
            FOREIGN.remove();
        } else {
            FOREIGN.set(cpu);
        }
    }

    /** A daemon {@link CpuThread} (not started) that runs {@code body} bound to this CPU. */
    public CpuThread newThread(String name, Runnable body) {
        return new CpuThread(this, Objects.requireNonNull(name, "name"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Like {@link #call}, but on a fresh {@link CpuThread} bound to this CPU, waiting for it: for work
     * that is timed or runs programs many times (test-runs, benchmarks), where the calling thread's
     * {@code ThreadLocal} binding would be looked up on every {@link #current()}. Whatever the body
     * throws is thrown here.
     *
     * @throws IllegalStateException if the calling thread is interrupted while it waits (the body is
     *     then left to finish on its own)
     */
    public <T, E extends Exception> T callOnCpuThread(String name, CpuCallable<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        CpuThread t = newThread(name, () -> {
            try {
                result[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while CPU " + id + " runs '" + name + "'", e);
        }
        if (failure[0] != null) {
            throw SimCpu.<E>rethrow(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** Throws {@code e} as it is: an unchecked exception, an error or the body's checked {@code E}. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable e) throws E {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw (E) e;
    }

    /** Throws unless the calling thread is bound to this CPU. */
    public void checkBound() {
        // The bound thread is always the owner (call() sets both), and reading the owner costs no
        // ThreadLocal lookup on a thread that is not a CpuThread.
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName()
                    + "' is not bound to CPU " + id);
        }
    }

    // ---------------------------------------------------------------- contexts and IRQ state

    /** The current (innermost) execution context. */
    public CpuContext context() {
        return context;
    }

    /** Nesting depth of the context stack: 1 in plain task context. */
    public int contextDepth() {
        return depth + 1;
    }

    /**
     * Runs {@code body} as if interrupted into {@code ctx} (pushing it; IRQs disabled for hardirq and
     * NMI), e.g. to test-run a program in its hook's context. Delivery rules are not checked: the caller
     * decides; only the nesting order is.
     *
     * @throws IllegalStateException if {@code ctx} is not higher than the current context
     */
    public void runIn(CpuContext ctx, Runnable body) {
        checkBound();
        if (ctx.compareTo(context) <= 0) {
            throw new IllegalStateException("cannot enter " + ctx + " from " + context + " on CPU " + id);
        }
        interrupts.runHandler(ctx, body);
    }

    void pushContext(CpuContext ctx) {
        contextStack[++depth] = ctx;
        context = ctx;
    }

    void popContext() {
        contextStack[depth--] = null;
        context = contextStack[depth];
    }

    /** Whether IRQs are enabled on this CPU. */
    public boolean irqsEnabled() {
        return irqsEnabled;
    }

    /** {@code local_irq_save}: returns {@code 0x200} if IRQs were enabled, else 0, and disables them. */
    public long irqSave() {
        long flags = irqsEnabled ? IRQ_FLAGS_ENABLED : 0;
        irqsEnabled = false;
        return flags;
    }

    /**
     * {@code local_irq_restore}: sets the IRQ state {@code flags} encodes. Hardirqs that were held back
     * become deliverable at the next interrupt point (there is none inside this call).
     */
    public void irqRestore(long flags) {
        irqsEnabled = (flags & IRQ_FLAGS_ENABLED) != 0;
    }

    /** {@code local_irq_disable}. */
    public void irqDisable() {
        irqsEnabled = false;
    }

    /** {@code local_irq_enable}. */
    public void irqEnable() {
        irqsEnabled = true;
    }

    void setIrqsEnabled(boolean enabled) {
        irqsEnabled = enabled;
    }

    /** {@code preempt_disable}. */
    public void preemptDisable() {
        preemptCount++;
    }

    /** {@code preempt_enable}. */
    public void preemptEnable() {
        if (preemptCount == 0) {
            throw new IllegalStateException("preempt count underflow on CPU " + id);
        }
        preemptCount--;
    }

    /** Current preemption-disable depth. */
    public int preemptCount() {
        return preemptCount;
    }

    // ---------------------------------------------------------------- interrupts

    /**
     * Requests an interrupt: {@code handler} will run on this CPU in {@code ctx} at the first interrupt
     * point where it is deliverable. Thread-safe. At most one request per context is pending; a raise
     * while one is pending is dropped and counted.
     *
     * @return true if queued, false if coalesced into the pending request
     */
    public boolean raise(CpuContext ctx, Runnable handler) {
        return interrupts.raise(ctx, handler);
    }

    /** Raises coalesced (dropped) so far in {@code ctx}. */
    public long droppedInterrupts(CpuContext ctx) {
        return interrupts.dropped(ctx);
    }

    /** Interrupts delivered (handlers run) so far in {@code ctx}. */
    public long deliveredInterrupts(CpuContext ctx) {
        return interrupts.delivered(ctx);
    }

    /**
     * An interrupt point: runs deliverable interrupt handlers and counts down installed arrival sources.
     * With nothing pending and no source installed it costs one plain (opaque) field read.
     */
    public void interruptPoint() {
        if (interrupts.attention() != 0) {
            interrupts.slowPoint();
        }
    }

    /**
     * End of the current piece of task work: delivers what is deliverable and then, in task context with
     * IRQs enabled, the pending softirq. {@link #run} calls it when its body returns; CPU thread loops
     * call it between work items.
     */
    public void endTaskWork() {
        interrupts.endTaskWork();
    }

    /** Installs an arrival source on this CPU (any thread; takes effect at its next interrupt point). */
    public void addInterruptSource(InterruptSource source) {
        interrupts.add(source);
    }

    /** Removes all arrival sources of this CPU. */
    public void clearInterruptSources() {
        interrupts.clearSources();
    }

    /**
     * Busy delay of {@code nanos} on the machine clock (the kernel's {@code mdelay}/{@code ndelay}); a
     * sequence of interrupt points, so handlers may run inside it (their time counts).
     */
    public void delayNanos(long nanos) {
        Clock clock = machine.clock();
        long end = clock.nanoTime() + nanos;
        do {
            interruptPoint();
            Thread.onSpinWait();
        } while (clock.nanoTime() - end < 0);
    }

    // ---------------------------------------------------------------- per-CPU data

    /** This CPU's seeded random stream (owned by the bound thread). */
    public RandomGenerator random() {
        return random;
    }

    /** This CPU's lock state: rqspinlock/qspinlock queue nodes, held-lock table, lock statistics. */
    public CpuLocks locks() {
        return locks;
    }

    /** The value of a per-CPU variable on this CPU, created by the key's initializer on first use. */
    @SuppressWarnings("unchecked")
    public <T> T local(CpuLocal<T> key) {
        Object[] arr = locals;
        int i = key.index;
        if (i < arr.length) {
            // Acquire pairs with the release store in createLocal: the value is fully constructed.
            Object v = LOCALS.getAcquire(arr, i);
            if (v != null) {
                return (T) v;
            }
        }
        return createLocal(key);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T createLocal(CpuLocal<T> key) {
        Object[] arr = locals;
        int i = key.index;
        if (i >= arr.length) {
            arr = java.util.Arrays.copyOf(arr, Math.max(i + 1, arr.length * 2));
            locals = arr;
        }
        Object v = arr[i];
        if (v == null) {
            v = Objects.requireNonNull(key.initializer.apply(this), "CpuLocal initializer returned null");
            // Release pairs with the acquire load in local().
            LOCALS.setRelease(arr, i, v);
        }
        return (T) v;
    }

    @Override
    public String toString() {
        return "CPU " + id;
    }

    /** A body for {@link #call}: like {@link java.util.concurrent.Callable} with a typed exception. */
    @FunctionalInterface
    public interface CpuCallable<T, E extends Exception> {
        /** Runs on the bound CPU. */
        T call() throws E;
    }
}
