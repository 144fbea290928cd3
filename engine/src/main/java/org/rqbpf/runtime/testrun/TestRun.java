package org.rqbpf.runtime.testrun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.BufferedRunLog;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.Loader;

/**
 * Test-run, like {@code BPF_PROG_TEST_RUN} (runtime.md "Running programs"): a fresh 4-CPU kernel with
 * the default lock configuration (250 ms / 500 ms timeouts) and fresh maps; the program runs
 * {@code repeat} times on CPU 0 in its type's context (softirq for tc, xdp and socket; task for the
 * tracing types and syscall) with the given or default ctx and packet.
 */
public final class TestRun {
    /** CPUs of a test-run's kernel. */
    public static final int CPUS = 4;

    private TestRun() {}

    /**
     * Loads (verifying unless told otherwise) and runs program {@code name} of {@code file}.
     *
     * @throws LoadException if the file or program cannot be loaded or is rejected
     * @throws org.rqbpf.runtime.RuntimeFault if a run faults
     * @throws IllegalArgumentException if the ctx or packet does not fit the program's type
     */
    public static TestRunResult run(Program file, String name, TestRunOptions options) throws LoadException {
        SimMachine machine = newMachine();
        LoadedProgram program = Loader.load(machine, file, List.of(name), options.load()).programs().get(0);
        SimCpu cpu = machine.cpu(0);
        return cpu.callOnCpuThread("test-run " + name, () -> {
            ProgramContext ctx = ProgramContext.createForTestRun(machine.memory(), program.type(), options.ctx(), options.packet());
            try {
                BufferedRunLog log = new BufferedRunLog();
                long start = System.nanoTime();
                long r0 = runRepeated(cpu, program, ctx, log, 1);
                long first = System.nanoTime() - start;
                long mean = first;
                if (options.repeat() > 1) {
                    long rest = System.nanoTime();
                    r0 = runRepeated(cpu, program, ctx, log, options.repeat() - 1);
                    mean = (System.nanoTime() - rest) / (options.repeat() - 1);
                }
                Map<String, List<MapEntry>> maps = new LinkedHashMap<>();
                for (BpfMap m : program.file().maps().maps()) {
                    maps.put(m.name(), m.dump());
                }
                return new TestRunResult(name, r0, log.traceText(), log.errorText(), first, mean, options.repeat(), maps);
            } finally {
                ctx.free();
            }
        });
    }

    /** A fresh machine as test-runs use: 4 CPUs, seed 0, the default lock configuration. */
    public static SimMachine newMachine() {
        return SimMachine.builder().cpus(CPUS).config(RqConfig.defaults()).build();
    }

    /**
     * Runs {@code program} once on {@code cpu} (the calling thread is bound to it and in task context) in
     * its type's test-run context, and returns {@code r0}.
     */
    public static long runOnce(SimCpu cpu, LoadedProgram program, ProgramContext ctx, RunLog log) {
        return runRepeated(cpu, program, ctx, log, 1);
    }

    /**
     * Runs {@code program} {@code times} times back to back on {@code cpu} as {@link #runOnce} does, its
     * context entered once for them all (as the kernel's test-run loop enters its own once), and returns
     * the last run's {@code r0}.
     */
    public static long runRepeated(SimCpu cpu, LoadedProgram program, ProgramContext ctx, RunLog log, int times) {
        CpuContext context = program.type().hasPacket() ? CpuContext.SOFTIRQ : CpuContext.TASK;
        if (context == CpuContext.TASK) {
            return repeat(program, ctx, log, times);
        }
        long[] r0 = new long[1];
        cpu.runIn(context, () -> r0[0] = repeat(program, ctx, log, times));
        return r0[0];
    }

    private static long repeat(LoadedProgram program, ProgramContext ctx, RunLog log, int times) {
        long r0 = 0;
        for (int i = 0; i < times; i++) {
            r0 = program.run(ctx, log).r0();
        }
        return r0;
    }
}
