package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.LoadedProgram;

/**
 * A loaded program on its hook: one reusable context per CPU, and what the report needs beyond the
 * program's own run and miss counters (time, error returns, verdicts, log tails, faults).
 *
 * <p>The recursion guard is {@link LoadedProgram}'s; the context is written only when the program is
 * not already running on the CPU, so a nested firing that the guard turns into a miss cannot overwrite
 * the context of the run it interrupted.
 */
final class AttachedProgram {
    private static final int KEEP_TRACES = 8;
    private static final int KEEP_ERROR_REPORTS = 2;
    private static final int KEEP_FAULTS = 5;
    private static final int TIME = 0;

    private final LoadedProgram program;
    private final Hook hook;
    private final int index;
    private final ErrnoCounts errnos;
    private final TailLog log = new TailLog(KEEP_TRACES, KEEP_ERROR_REPORTS);
    private final PerCpuCounters time;
    private final ReturnValues[] returns;
    private final ProgramContext[] contexts;
    private final List<String> faults = new ArrayList<>();

    /** {@code hook} is null for a program that is loaded but not attached. */
    AttachedProgram(LoadedProgram program, Hook hook, int index, ErrnoCounts errnos) {
        int cpus = program.file().machine().cpuCount();
        this.program = program;
        this.hook = hook;
        this.index = index;
        this.errnos = errnos;
        this.time = new PerCpuCounters(cpus, 1);
        this.returns = new ReturnValues[cpus];
        this.contexts = new ProgramContext[cpus];
    }

    LoadedProgram program() {
        return program;
    }

    Hook hook() {
        return hook;
    }

    /** Position in the file, which also places its simulated JIT image ({@link InterruptEvents#BPF_IMAGES}). */
    int index() {
        return index;
    }

    /**
     * Runs the program on {@code cpu} (the calling thread is bound to it, in the hook's context) with the
     * event written into its context.
     *
     * @return the outcome; not {@code ran()} when the guard skipped it or it faulted (counted either way)
     */
    LoadedProgram.Outcome fire(SimCpu cpu, HookEvent event, RunningPrograms running) {
        int id = cpu.id();
        ProgramContext ctx = contexts[id];
        if (ctx == null) {
            ctx = newContext(cpu);
            contexts[id] = ctx;
        }
        if (!program.isRunningOn(cpu)) {
            event.writeCtx(ctx);
        }
        boolean irqs = cpu.irqsEnabled();
        running.push(index);
        long t0 = System.nanoTime();
        try {
            LoadedProgram.Outcome o = program.run(ctx, log);
            if (o.ran()) {
                time.add(id, TIME, System.nanoTime() - t0);
                ReturnValues r = returns[id];
                if (r == null) {
                    r = new ReturnValues();
                    returns[id] = r;
                }
                r.record(o.r0());
            }
            return o;
        } catch (RuntimeFault f) {
            // A faulting program stops where it was; leave the CPU's IRQ state as the hook found it.
            cpu.irqRestore(irqs ? SimCpu.IRQ_FLAGS_ENABLED : 0);
            recordFault(f);
            return new LoadedProgram.Outcome(false, 0);
        } finally {
            running.pop();
        }
    }

    private ProgramContext newContext(SimCpu cpu) {
        byte[] packet = program.type().hasPacket() ? new byte[Packet.MAX_FRAME] : null;
        return ProgramContext.create(cpu.machine().memory(), program.type(), null, packet);
    }

    /** The context of {@code cpu}, or null before the program first ran there (for packet read-back). */
    ProgramContext context(SimCpu cpu) {
        return contexts[cpu.id()];
    }

    private synchronized void recordFault(RuntimeFault f) {
        if (faults.size() < KEEP_FAULTS) {
            faults.add(f.getMessage());
        }
    }

    synchronized List<String> faultMessages() {
        return new ArrayList<>(faults);
    }

    ErrnoCounts errnos() {
        return errnos;
    }

    TailLog log() {
        return log;
    }

    /** Total nanoseconds of completed runs (interrupts nested inside them included). */
    long totalNanos() {
        return time.sum(TIME);
    }

    ReturnValues[] returns() {
        return returns;
    }
}
