package org.rqbpf.runtime.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.verifier.VerifierResult;

/**
 * A verified, linked program ready to run on any CPU of its file's machine, concurrently on several CPU
 * threads and nested under interrupts. Each run has its own {@link BpfRun} (stacks, call trace, log).
 * The recursion guard is Linux's per-program per-CPU {@code active} counter: a run that would start while
 * the program is already running on that CPU is skipped and counted as a miss.
 */
public final class LoadedProgram {
    private static final VarHandle RUNS = MethodHandles.arrayElementVarHandle(long[].class);

    private final LoadedFile file;
    private final BpfProgram program;
    private final ExecutableProgram executable;
    private final VerifierResult verdict;
    private final long loadNanos;
    /** Per CPU: runs in progress; each element is written only by that CPU's bound thread. */
    private final int[] active;
    /** Per CPU: completed runs; each element is written only by that CPU's bound thread. */
    private final long[] runs;
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();

    LoadedProgram(LoadedFile file, BpfProgram program, ExecutableProgram executable, VerifierResult verdict,
            long loadNanos) {
        this.file = file;
        this.program = program;
        this.executable = executable;
        this.verdict = verdict;
        this.loadNanos = loadNanos;
        this.active = new int[file.machine().cpuCount()];
        this.runs = new long[active.length];
    }

    /** Result of {@link #run}: whether it ran, and its {@code r0}. */
    public record Outcome(boolean ran, long r0) {
        static final Outcome MISSED = new Outcome(false, 0);
    }

    /**
     * Runs the program once on the calling thread's CPU, in whatever context that CPU is in, with
     * {@code ctx} bound and {@code r1} = the ctx pointer.
     *
     * @throws RuntimeFault if the program faults (counted in {@link #faults()})
     */
    public Outcome run(ProgramContext ctx, RunLog log) {
        // Small, so the JVM inlines it into callers, and an Outcome whose r0 is read at once is never allocated.
        SimCpu cpu = SimCpu.current();
        if (active[cpu.id()] != 0) {
            misses.incrementAndGet();
            return Outcome.MISSED;
        }
        return new Outcome(true, runActive(cpu, ctx, log));
    }

    private long runActive(SimCpu cpu, ProgramContext ctx, RunLog log) {
        int id = cpu.id();
        active[id]++;
        try (BpfRun run = BpfRun.open(cpu, executable.image(), log)) {
            ctx.bind(run);
            long r0 = executable.execute(run, ctx.pointer(), 0);
            // A plain counter per CPU (as Linux's per-CPU stats): an atomic add would cost more than a short run.
            RUNS.setOpaque(runs, id, (long) RUNS.getOpaque(runs, id) + 1);
            return r0;
        } catch (RuntimeFault f) {
            faults.incrementAndGet();
            throw f;
        } finally {
            active[id]--;
        }
    }

    /**
     * Whether this program is running on {@code cpu} right now, so that a run started there would be a
     * miss; for callers that reuse one ctx per CPU and must not overwrite the ctx of the running instance.
     * Meaningful on {@code cpu}'s bound thread.
     */
    public boolean isRunningOn(SimCpu cpu) {
        return active[cpu.id()] != 0;
    }

    public String name() {
        return program.name();
    }

    public ProgramType type() {
        return program.type();
    }

    /** The program as assembled. */
    public BpfProgram program() {
        return program;
    }

    /** The file it was loaded with (maps, machine). */
    public LoadedFile file() {
        return file;
    }

    /** The back end's runnable form. */
    public ExecutableProgram executable() {
        return executable;
    }

    /** The verifier's verdict, or null when loaded without verification. */
    public VerifierResult verdict() {
        return verdict;
    }

    /** How long this program's load took: verification, linking and compilation (not map creation). */
    public long loadNanos() {
        return loadNanos;
    }

    /** Completed runs. */
    public long runs() {
        long sum = 0;
        for (int id = 0; id < runs.length; id++) {
            sum += (long) RUNS.getOpaque(runs, id);
        }
        return sum;
    }

    /** Runs skipped by the recursion guard. */
    public long misses() {
        return misses.get();
    }

    /** Runs that ended in a {@link RuntimeFault}. */
    public long faults() {
        return faults.get();
    }
}
