package org.rqbpf.runtime.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.rqbpf.verifier.VerifierResult;

/**
 * One test-run of an accepted fuzz case on one back end, with everything a run can show: {@code r0},
 * the trace log, the error stream, the fault (and whether it is a verifier escape), every map's
 * contents and the packet and ctx bytes afterwards. The machine's clock ticks a fixed step per read,
 * so both back ends see the same times.
 */
record BackendRun(long r0, String trace, String errors, RuntimeFault fault, List<String> state) {
    static BackendRun of(Program file, VerifierResult verdict, FuzzCase c, Backend backend) throws LoadException {
        AtomicLong now = new AtomicLong();
        SimMachine machine = SimMachine.builder().cpus(TestRun.CPUS).config(RqConfig.defaults())
                .clock(() -> now.addAndGet(1_000_000)).build();
        LoadOptions options = new LoadOptions(true, (f, p) -> verdict, backend);
        LoadedFile loaded = Loader.load(machine, file, List.of(ProgramGenerator.PROGRAM), options);
        LoadedProgram program = loaded.programs().get(0);
        SimCpu cpu = machine.cpu(0);
        return cpu.call(() -> {
            ProgramContext ctx = ProgramContext.createForTestRun(machine.memory(), program.type(), c.ctx(), c.packet());
            BufferedRunLog log = new BufferedRunLog();
            long r0 = 0;
            RuntimeFault fault = null;
            List<String> state = new ArrayList<>();
            try {
                r0 = TestRun.runOnce(cpu, program, ctx, log);
                state.add("ctx: " + Finding.hex(ctx.ctx().bytes()));
                state.add("packet: " + Finding.hex(Arrays.copyOfRange(ctx.packet().bytes(), ctx.frameOffset(),
                        ctx.frameOffset() + ctx.packetLength())));
            } catch (RuntimeFault f) {
                fault = f;
            } finally {
                ctx.free();
            }
            for (BpfMap m : loaded.maps().maps()) {
                for (MapEntry e : m.dump()) {
                    state.add(m.name() + ": " + e);
                }
            }
            return new BackendRun(r0, log.traceText(), log.errorText(), fault, state);
        });
    }

    /** Everything but which back end ran it. */
    String observable() {
        return "r0 = " + r0 + "\ntrace:\n" + trace + "errors:\n" + errors + "fault: "
                + (fault == null ? null : fault.getMessage()) + "\nstate:\n" + String.join("\n", state);
    }
}
