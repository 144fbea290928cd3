package org.rqbpf.runtime.jit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.BufferedRunLog;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.Loader;
import org.rqbpf.runtime.testrun.TestRun;

/**
 * One single-CPU test-run of a program on one back end, with everything a run can show: {@code r0},
 * the trace log, the error stream, the fault, and every map's contents afterwards.
 */
record SingleRun(long r0, String trace, String errors, String fault, List<String> maps, boolean compiled) {
    /**
     * Loads (verified) and runs {@code name} of {@code file} once on CPU 0 of a fresh machine set up as a
     * test-run's, but with a deterministic clock.
     */
    static SingleRun of(Program file, String name, Backend backend) throws LoadException {
        AtomicLong now = new AtomicLong();
        // A clock that ticks 1 ms per read (so lock timeouts come after a few hundred reads): runs that read the time (bpf_ktime_get_ns, lock timeouts) see
        // the same times on both back ends, since the back ends never read it themselves.
        SimMachine machine = SimMachine.builder().cpus(TestRun.CPUS).config(RqConfig.defaults())
                .clock(() -> now.addAndGet(1_000_000)).build();
        LoadedFile loaded = Loader.load(machine, file, List.of(name), LoadOptions.defaults().withBackend(backend));
        LoadedProgram program = loaded.programs().get(0);
        SimCpu cpu = machine.cpu(0);
        return cpu.call(() -> {
            ProgramContext ctx = ProgramContext.createForTestRun(machine.memory(), program.type(), null, null);
            BufferedRunLog log = new BufferedRunLog();
            long r0 = 0;
            String fault = null;
            try {
                r0 = TestRun.runOnce(cpu, program, ctx, log);
            } catch (RuntimeFault f) {
                fault = f.getMessage();
            } finally {
                ctx.free();
            }
            List<String> maps = new ArrayList<>();
            for (BpfMap m : loaded.maps().maps()) {
                for (MapEntry e : m.dump()) {
                    maps.add(m.name() + ": " + e);
                }
            }
            return new SingleRun(r0, log.traceText(), log.errorText(), fault, maps,
                    JitCompiler.isCompiled(program.executable()));
        });
    }

    /** Everything but which back end ran it. */
    String observable() {
        return "r0 = " + r0 + "\ntrace:\n" + trace + "errors:\n" + errors + "fault: " + fault + "\nmaps:\n"
                + String.join("\n", maps);
    }
}
