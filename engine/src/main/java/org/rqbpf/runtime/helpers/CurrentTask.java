package org.rqbpf.runtime.helpers;

import org.rqbpf.kernel.CpuLocal;
import org.rqbpf.kernel.SimCpu;

/**
 * The simulated task current on a CPU, for {@code bpf_get_current_pid_tgid}. Until a workload switches
 * tasks, CPU {@code n} runs the task with pid and tgid {@code 1000 + n}. Interrupt contexts see the
 * task they interrupted, as in Linux.
 */
public final class CurrentTask {
    private static final CpuLocal<CurrentTask> TASK = new CpuLocal<>(cpu -> new CurrentTask(1000 + cpu.id(),
            1000 + cpu.id()));

    private int tgid;
    private int pid;

    private CurrentTask(int tgid, int pid) {
        this.tgid = tgid;
        this.pid = pid;
    }

    /** The task current on {@code cpu}. */
    public static CurrentTask of(SimCpu cpu) {
        return cpu.local(TASK);
    }

    /** Switches the CPU to another task (the workload's context switches); on the CPU's bound thread. */
    public void set(int tgid, int pid) {
        this.tgid = tgid;
        this.pid = pid;
    }

    /** {@code tgid << 32 | pid}. */
    public long pidTgid() {
        return ((long) tgid << 32) | (pid & 0xffff_ffffL);
    }
}
