package org.rqbpf.runtime.helpers;

import org.rqbpf.kernel.CpuLocal;
import org.rqbpf.kernel.SimCpu;

/**
 * The simulated task current on a CPU, for {@code bpf_get_current_pid_tgid}, {@code _comm}, {@code _task}
 * and {@code _uid_gid}. Until a workload switches tasks, CPU {@code n} runs the task with pid and tgid
 * {@code 1000 + n}, named {@code task-PID}, owned by root. Interrupt contexts see the task they
 * interrupted, as in Linux.
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

    /** {@code current->comm}: the task's name. */
    public String comm() {
        return "task-" + pid;
    }

    /**
     * A stand-in for the {@code struct task_struct *} address: nonzero and distinct per task, in the kernel's
     * direct map, and not memory a program can read through rqbpf's helpers.
     */
    public long address() {
        return 0xffff_8880_0000_0000L + ((long) pid << 14);
    }

    /** {@code tgid << 32 | pid}. */
    public long pidTgid() {
        return ((long) tgid << 32) | (pid & 0xffff_ffffL);
    }
}
