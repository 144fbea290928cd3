package org.rqbpf.runtime.helpers;

import org.rqbpf.kernel.CpuLocal;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.NativeFunction;

/**
 * Helpers 93 and 94, {@code bpf_spin_lock} / {@code bpf_spin_unlock}: the plain (non-resilient)
 * qspinlock over the {@code struct bpf_spin_lock} field at the given address. As in the kernel, lock
 * saves the CPU's IRQ state in a per-CPU slot and disables IRQs before locking; unlock restores from
 * that slot after unlocking. One slot suffices because the verifier forbids nesting these locks and
 * keeps the maps that hold them away from the NMI-context program types.
 */
final class SpinLockHelpers {
    private static final CpuLocal<long[]> SAVED_FLAGS = new CpuLocal<>(cpu -> new long[1]);

    private SpinLockHelpers() {}

    static final NativeFunction LOCK = (run, r1, r2, r3, r4, r5) -> {
        SimCpu cpu = run.cpu();
        long flags = cpu.irqSave();
        run.memory().qspinLockAt(r1).lock();
        cpu.local(SAVED_FLAGS)[0] = flags;
        return 0;
    };

    static final NativeFunction UNLOCK = (run, r1, r2, r3, r4, r5) -> {
        SimCpu cpu = run.cpu();
        run.memory().qspinLockAt(r1).unlock();
        cpu.irqRestore(cpu.local(SAVED_FLAGS)[0]);
        return 0;
    };
}
