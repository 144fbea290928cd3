package org.rqbpf.runtime.helpers;

import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.locking.IrqFlags;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;

/**
 * The six lock and IRQ-flag kfuncs of runtime.md, as rqspinlock.md §14 defines them. The lock kfuncs
 * take the {@link RqSpinLock} view of the simulated address they are given (two pointers to one field
 * are one lock), on the calling CPU. {@code _irqsave} really disables the CPU's simulated IRQs and
 * writes the flags slot only on success; a failed lock call appends the §15 report to the run's error
 * stream and returns the error. The two lock kfuncs return a C {@code int}: as on x86-64 Linux, where
 * it comes back in {@code eax}, the upper 32 bits of {@code r0} are zero ({@code -EDEADLK} is
 * {@code 0xffffffdd}), so programs compare it as 32 bits, as clang's code does.
 */
final class LockKfuncs {
    private LockKfuncs() {}

    static final NativeFunction RES_SPIN_LOCK = (run, lock, r2, r3, r4, r5) -> {
        RqSpinLock l = run.memory().lockAt(lock);
        int r = l.lock(run.cpu());
        if (r != 0) {
            report(run, r, false, l);
        }
        return intReturn(r);
    };

    static final NativeFunction RES_SPIN_UNLOCK = (run, lock, r2, r3, r4, r5) -> {
        run.memory().lockAt(lock).unlock(run.cpu());
        return 0;
    };

    static final NativeFunction RES_SPIN_LOCK_IRQSAVE = (run, lock, flagsSlot, r3, r4, r5) -> {
        RqSpinLock l = run.memory().lockAt(lock);
        IrqFlags out = new IrqFlags();
        int r = l.lockIrqSave(out);
        if (r != 0) {
            report(run, r, true, l);
            return intReturn(r);
        }
        run.memory().store(flagsSlot, 8, out.value());
        return 0;
    };

    static final NativeFunction RES_SPIN_UNLOCK_IRQRESTORE = (run, lock, flagsSlot, r3, r4, r5) -> {
        long flags = run.memory().load(flagsSlot, 8);
        run.memory().lockAt(lock).unlockIrqRestore(new IrqFlags(flags));
        return 0;
    };

    static final NativeFunction LOCAL_IRQ_SAVE = (run, flagsSlot, r2, r3, r4, r5) -> {
        SimCpu cpu = run.cpu();
        run.memory().store(flagsSlot, 8, cpu.irqSave());
        return 0;
    };

    static final NativeFunction LOCAL_IRQ_RESTORE = (run, flagsSlot, r2, r3, r4, r5) -> {
        run.cpu().irqRestore(run.memory().load(flagsSlot, 8));
        return 0;
    };

    /** A C {@code int} return value in {@code r0}: zero-extended, as the x86-64 calling convention leaves it. */
    static long intReturn(int r) {
        return r & 0xffff_ffffL;
    }

    private static void report(BpfRun run, int result, boolean irqsave, RqSpinLock l) {
        run.log().error(LockReport.render(result, irqsave, l.address(), run.cpu(), run.callTrace()));
    }
}
