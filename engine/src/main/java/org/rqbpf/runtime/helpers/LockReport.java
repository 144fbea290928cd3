package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Errno;
import java.util.List;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.locking.HeldLocks;
import org.rqbpf.kernel.locking.RqSpinLock;

/**
 * The error report of a failed BPF lock kfunc, exactly as rqspinlock.md §15 formats it: the failure, the
 * attempted lock, the CPU's held-lock table after the failed attempt's entry was popped (map-internal
 * locks included), and the BPF call trace, innermost frame first.
 */
final class LockReport {
    private LockReport() {}

    static String render(int result, boolean irqsave, long attempted, SimCpu cpu, List<String> callTrace) {
        StringBuilder sb = new StringBuilder();
        sb.append("ERROR: ").append(result == -Errno.ETIMEDOUT ? "Timeout detected" : "AA or ABBA deadlock detected")
                .append(" for bpf_res_spin_lock").append(irqsave ? "_irqsave" : "").append('\n');
        sb.append(String.format("Attempted lock   = 0x%016x%n", attempted));
        HeldLocks held = cpu.locks().held();
        int cnt = held.count();
        sb.append("Total held locks = ").append(cnt).append('\n');
        for (int i = 0; i < Math.min(HeldLocks.RES_NR_HELD, cnt); i++) {
            sb.append(String.format("Held lock[%2d] = 0x%016x%n", i, held.entry(i)));
        }
        sb.append("Call trace:\n");
        for (String frame : callTrace) {
            sb.append("  ").append(frame).append('\n');
        }
        return sb.toString();
    }
}
