package org.rqbpf.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.jit.JitCompiler;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;

/**
 * JIT benchmarks (design.md target: within 1.5x of the same logic written in Java, >= 10x the
 * interpreter). For each program of {@link JitWorkload} -- the counting loop (1000 iterations, 7 BPF
 * instructions each), packet parse + hash update, LPM lookup (1000 prefixes), a res-spin-lock critical
 * section -- one benchmark per back end ({@code *Jit}, {@code *Interpreter}) and the hand-written Java
 * baseline ({@code *Java}); each measures one whole program run, as a hook would do it. {@code compile}
 * measures the JIT's compile time per program (plan, ASM with COMPUTE_FRAMES, hidden class definition).
 * JMH threads are simulated CPU threads ({@link BenchCpus}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=org.rqbpf.bench.BenchCpus$Executor"})
public class JitBench {
    /** The workload on both back ends, loaded by the benchmark thread on its own CPU. */
    @State(Scope.Thread)
    public static class Loaded {
        JitWorkload jit;
        JitWorkload interpreter;

        @Setup(Level.Trial)
        public void setUp() throws LoadException, ProgramSourceException {
            jit = new JitWorkload(BenchCpus.MACHINE, Backend.JIT);
            interpreter = new JitWorkload(BenchCpus.MACHINE, Backend.INTERPRETER);
            for (int p = 0; p < JitWorkload.PROGRAMS.size(); p++) {
                if (!JitCompiler.isCompiled(jit.file.programs().get(p).executable())) {
                    throw new IllegalStateException(JitWorkload.PROGRAMS.get(p) + " was not compiled");
                }
            }
        }
    }

    /** The cost of a run outside the program: subtract it from the others to compare the code alone. */
    @Benchmark
    public long nothingJit(Loaded s) {
        return s.jit.run(4);
    }

    @Benchmark
    public long loopJit(Loaded s) {
        return s.jit.run(0);
    }

    @Benchmark
    public long loopInterpreter(Loaded s) {
        return s.interpreter.run(0);
    }

    @Benchmark
    public long loopJava() {
        return JitWorkload.loopJava();
    }

    @Benchmark
    public long packetHashJit(Loaded s) {
        return s.jit.run(1);
    }

    @Benchmark
    public long packetHashInterpreter(Loaded s) {
        return s.interpreter.run(1);
    }

    @Benchmark
    public long packetHashJava(Loaded s) {
        return s.jit.packetHashJava();
    }

    @Benchmark
    public long lpmLookupJit(Loaded s) {
        return s.jit.run(2);
    }

    @Benchmark
    public long lpmLookupInterpreter(Loaded s) {
        return s.interpreter.run(2);
    }

    @Benchmark
    public long lpmLookupJava(Loaded s) {
        return s.jit.lpmLookupJava();
    }

    @Benchmark
    public long criticalSectionJit(Loaded s) {
        return s.jit.run(3);
    }

    @Benchmark
    public long criticalSectionInterpreter(Loaded s) {
        return s.interpreter.run(3);
    }

    @Benchmark
    public long criticalSectionJava(Loaded s) {
        return s.jit.criticalSectionJava();
    }

    /** One program's image, linked against stand-ins (compile time does not depend on what is linked). */
    @State(Scope.Thread)
    public static class ToCompile {
        @Param({"loop", "packet_hash", "lpm_lookup", "critical_section"})
        public String program;

        ProgramImage image;
        final Linker linker = new Linker() {
            private final NativeFunction nop = (run, a, b, c, d, e) -> 0;

            @Override
            public NativeFunction helper(int id) {
                return nop;
            }

            @Override
            public NativeFunction kfunc(int id) {
                return nop;
            }

            @Override
            public long mapPointer(int index) {
                return 0x1_0000_0000L * (index + 1);
            }

            @Override
            public long mapValueAddress(int index, int offset) {
                return 0x1_0000_0000L * (index + 1) + offset;
            }
        };

        @Setup(Level.Trial)
        public void setUp() throws ProgramSourceException {
            Program file = Assembler.parse("jit-bench.bpf", JitWorkload.SOURCE);
            BpfProgram p = file.program(program).orElseThrow();
            image = ProgramImage.of(p, true);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ExecutableProgram compile(ToCompile s) {
        return JitCompiler.build(s.image, s.linker);
    }
}
