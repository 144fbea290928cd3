package org.rqbpf.kernel;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Key of a per-CPU variable that another module attaches to every {@link SimCpu} (per-CPU free lists,
 * per-program recursion counters, the {@code bpf_spin_lock} IRQ slot...). Create one key per variable,
 * typically in a {@code static final} field or in the owning object, and read it with
 * {@link SimCpu#local(CpuLocal)}; the initializer runs once per CPU on first use.
 *
 * @param <T> type of the per-CPU value
 */
public final class CpuLocal<T> {
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    final int index;
    final Function<SimCpu, ? extends T> initializer;

    /** A new key whose value on each CPU is {@code initializer.apply(cpu)} (must not return null). */
    public CpuLocal(Function<SimCpu, ? extends T> initializer) {
        this.initializer = Objects.requireNonNull(initializer, "initializer");
        this.index = NEXT_INDEX.getAndIncrement();
    }
}
