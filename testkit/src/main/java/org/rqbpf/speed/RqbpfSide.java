package org.rqbpf.speed;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.Loader;
import org.rqbpf.runtime.testrun.TestRun;

/**
 * rqbpf on one back end: each load is a fresh test-run machine (4 CPUs, default lock configuration) with
 * the file's maps, the programs verified (without a log, as every load), linked and compiled; a program's
 * load time is {@link LoadedProgram#loadNanos()} (map creation excluded, as it is from Linux's
 * {@code BPF_PROG_LOAD}). Runs are a test-run's: CPU 0, the type's context entered once per batch, the
 * default ctx and 64-byte zero packet.
 */
final class RqbpfSide implements EngineSide {
    private final Engine engine;
    private final Program file;
    private final List<String> names;
    private final Backend backend;
    private SimMachine machine;
    private LoadedProgram[] programs;
    private ProgramContext[] contexts;
    private long[] lastR0;

    RqbpfSide(Engine engine, Program file, List<BpfProgram> programs) {
        this.engine = engine;
        this.file = file;
        this.names = new ArrayList<>();
        for (BpfProgram p : programs) {
            names.add(p.name());
        }
        this.backend = Backend.choose(engine == Engine.INTERP);
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public long[] load() throws BenchException {
        close();
        machine = TestRun.newMachine();
        LoadedFile loaded;
        try {
            loaded = Loader.load(machine, file, names, LoadOptions.defaults().withBackend(backend));
        } catch (LoadException e) {
            throw new BenchException(e.getMessage(), e);
        }
        programs = loaded.programs().toArray(LoadedProgram[]::new);
        contexts = new ProgramContext[programs.length];
        lastR0 = new long[programs.length];
        long[] nanos = new long[programs.length];
        machine.cpu(0).run(() -> {
            for (int i = 0; i < programs.length; i++) {
                nanos[i] = programs[i].loadNanos();
                contexts[i] = ProgramContext.create(machine.memory(), programs[i].type(), null, null);
            }
        });
        return nanos;
    }

    @Override
    public double run(int index, int runs) throws BenchException {
        SimCpu cpu = machine.cpu(0);
        LoadedProgram p = programs[index];
        ProgramContext ctx = contexts[index];
        try {
            return cpu.callOnCpuThread("bench " + names.get(index), () -> {
                long start = System.nanoTime();
                lastR0[index] = TestRun.runRepeated(cpu, p, ctx, RunLog.DISCARD, runs);
                return (System.nanoTime() - start) / (double) runs;
            });
        } catch (RuntimeFault f) {
            throw new BenchException("program '" + names.get(index) + "' on " + engine.label() + ": " + f.getMessage(), f);
        }
    }

    @Override
    public long lastR0(int index) {
        return lastR0[index];
    }

    @Override
    public void close() {
        if (contexts != null && machine != null) {
            machine.cpu(0).run(() -> {
                for (ProgramContext c : contexts) {
                    c.free();
                }
            });
        }
        contexts = null;
        programs = null;
        machine = null;
    }
}
