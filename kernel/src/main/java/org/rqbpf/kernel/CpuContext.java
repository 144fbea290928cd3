package org.rqbpf.kernel;

/**
 * Execution contexts of a simulated CPU, in nesting order: a context may only be interrupted by a higher
 * one (rqspinlock.md §2, runtime.md "Simulated CPUs and contexts").
 */
public enum CpuContext {
    /** Process context; the bottom of every CPU's context stack. */
    TASK,
    /** Bottom halves: run on return from a hardirq to task context, or at the end of task work. */
    SOFTIRQ,
    /** Device interrupts: delivered only while IRQs are enabled; run with IRQs disabled. */
    HARDIRQ,
    /** Non-maskable interrupts: delivered anywhere except inside another NMI. */
    NMI;

    private static final CpuContext[] VALUES = values();

    /** The context with the given ordinal, without allocating. */
    public static CpuContext of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Lower-case name as used in reports ({@code task}, {@code softirq}, {@code hardirq}, {@code nmi}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
