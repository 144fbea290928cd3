package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.helpers.CurrentTask;

/**
 * The task-context events of one CPU: context switches among its run queue ({@code sched_switch}) and
 * {@code openat} calls by the current task ({@code sys_enter_openat}). Each CPU runs its per-CPU kernel
 * threads ({@code ksoftirqd/N}, {@code kworker/N:1}) and user threads of a few processes (an nginx
 * worker, a PostgreSQL backend, a JVM with several threads, sshd, bash); pids are distinct per CPU and
 * threads of one process share its tgid. Switching also makes the next task current for
 * {@code bpf_get_current_pid_tgid}.
 */
final class TaskEvents {
    /** Simulated ids of the two tracepoints' {@code common_type}. */
    private static final int SCHED_SWITCH_ID = 316;
    private static final int SYS_ENTER_OPENAT_ID = 633;
    private static final int NR_OPENAT = 257;
    private static final long AT_FDCWD = -100;
    private static final int[] OPEN_FLAGS = {0x80000, 0x80000, 0x80000, 0x90800, 0x241, 0x80241, 0x2};

    private final SimCpu cpu;
    private final SplittableRandom random;
    private final List<Task> runQueue = new ArrayList<>();
    private Task current;
    private final Switch switchEvent = new Switch();
    private final Openat openatEvent = new Openat();

    TaskEvents(SimCpu cpu, SplittableRandom random) {
        this.cpu = cpu;
        this.random = random;
        int n = cpu.id();
        int base = 2000 + 100 * n;
        runQueue.add(new Task("ksoftirqd/" + n, 10 + 4 * n, 10 + 4 * n, 120));
        runQueue.add(new Task("kworker/" + n + ":1", 11 + 4 * n, 11 + 4 * n, 120));
        runQueue.add(new Task("nginx", base + 1, 1200, 120));
        runQueue.add(new Task("postgres", base + 2, base + 2, 120));
        runQueue.add(new Task("java", base + 3, 1500, 120));
        runQueue.add(new Task("C2 CompilerThre", base + 4, 1500, 120));
        runQueue.add(new Task("sshd", base + 5, 900, 120));
        runQueue.add(new Task("bash", base + 6, base + 6, 120));
        current = runQueue.get(2 + random.nextInt(runQueue.size() - 2));
    }

    /** Makes the CPU's first task current; on the CPU's bound thread. */
    void start() {
        CurrentTask.of(cpu).set(current.tgid(), current.pid());
    }

    /** Picks the next task and returns the switch event (prev = the current task); then switches. */
    Switch nextSwitch() {
        Task next;
        do {
            next = runQueue.get(random.nextInt(runQueue.size()));
        } while (next == current);
        switchEvent.prev = current;
        switchEvent.next = next;
        // TASK_RUNNING when preempted, else TASK_INTERRUPTIBLE (went to sleep).
        switchEvent.prevState = random.nextInt(3) == 0 ? 0 : 1;
        return switchEvent;
    }

    /** Completes the switch announced by {@link #nextSwitch()}. */
    void switched(Switch s) {
        current = s.next;
        CurrentTask.of(cpu).set(current.tgid(), current.pid());
    }

    /** An {@code openat} by the current task. */
    Openat nextOpenat() {
        openatEvent.task = current;
        openatEvent.filename = 0x7ffc_0000_0000L | (random.nextLong() & 0xffff_fff0L);
        openatEvent.flags = OPEN_FLAGS[random.nextInt(OPEN_FLAGS.length)];
        return openatEvent;
    }

    private void header(byte[] c, int type, int pid) {
        CtxBytes.u16(c, 0, type);
        c[2] = 0;
        c[3] = (byte) cpu.preemptCount();
        CtxBytes.u32(c, 4, pid);
    }

    /** {@code sched_switch}'s record: prev_comm@8, prev_pid@24, prev_prio@28, prev_state@32, next_*@40.. */
    final class Switch implements HookEvent {
        Task prev;
        Task next;
        long prevState;

        @Override
        public void writeCtx(ProgramContext ctx) {
            byte[] c = ctx.ctx().bytes();
            header(c, SCHED_SWITCH_ID, prev.pid());
            CtxBytes.string(c, 8, 16, prev.comm());
            CtxBytes.u32(c, 24, prev.pid());
            CtxBytes.u32(c, 28, prev.prio());
            CtxBytes.u64(c, 32, prevState);
            CtxBytes.string(c, 40, 16, next.comm());
            CtxBytes.u32(c, 56, next.pid());
            CtxBytes.u32(c, 60, next.prio());
        }
    }

    /** {@code sys_enter_openat}'s record: __syscall_nr@8, dfd@16, filename@24, flags@32, mode@40. */
    final class Openat implements HookEvent {
        Task task;
        long filename;
        int flags;

        @Override
        public void writeCtx(ProgramContext ctx) {
            byte[] c = ctx.ctx().bytes();
            header(c, SYS_ENTER_OPENAT_ID, task.pid());
            CtxBytes.u32(c, 8, NR_OPENAT);
            CtxBytes.u32(c, 12, 0);
            CtxBytes.u64(c, 16, AT_FDCWD);
            CtxBytes.u64(c, 24, filename);
            CtxBytes.u64(c, 32, flags);
            CtxBytes.u64(c, 40, (flags & 0x40) != 0 ? 0644 : 0);
        }
    }
}
