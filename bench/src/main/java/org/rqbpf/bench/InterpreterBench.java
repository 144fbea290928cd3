package org.rqbpf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.interp.Interpreter;

/**
 * Interpreter throughput in BPF instructions per microsecond (score x 1e6 = instructions/s) on two loop
 * programs, beside the same loops written in Java. Goal: at least 150 M instructions/s on {@code aluLoop}.
 * Each invocation runs one program to completion on CPU 0 of a one-CPU machine with no interrupt
 * sources (an interrupt point before every instruction costs one field read).
 *
 * <pre>java -cp runtime/target/rqbpf.jar org.openjdk.jmh.Main InterpreterBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterpreterBench {
    static final int ITERATIONS = 1_000_000;
    /** 3 set-up/exit instructions and 7 per iteration. */
    static final int ALU_INSNS = 3 + 7 * ITERATIONS;
    /** 3 set-up/exit instructions and 5 per iteration. */
    static final int STACK_INSNS = 3 + 5 * ITERATIONS;

    private SimCpu cpu;
    private ExecutableProgram alu;
    private ExecutableProgram stack;

    private static RawInsn i(int op, int dst, int src, int off, int imm) {
        return new RawInsn(op, dst, src, off, imm);
    }

    /** r0 = mix of the counter into an accumulator, 7 instructions per iteration. */
    static List<RawInsn> aluLoop() {
        List<RawInsn> p = new ArrayList<>();
        p.add(i(Bpf.ALU64 | Bpf.MOV | Bpf.K, 0, 0, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.MOV | Bpf.K, 1, 0, 0, ITERATIONS));
        p.add(i(Bpf.ALU64 | Bpf.MOV | Bpf.X, 2, 1, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.MUL | Bpf.K, 2, 0, 0, 3));
        p.add(i(Bpf.ALU64 | Bpf.XOR | Bpf.X, 2, 0, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 2, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.AND | Bpf.K, 0, 0, 0, 0xffffff));
        p.add(i(Bpf.ALU64 | Bpf.SUB | Bpf.K, 1, 0, 0, 1));
        p.add(i(Bpf.JMP | Bpf.JNE | Bpf.K, 1, 0, -7, 0));
        p.add(i(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0));
        return p;
    }

    /** A store and a load of the stack per iteration, 5 instructions per iteration. */
    static List<RawInsn> stackLoop() {
        List<RawInsn> p = new ArrayList<>();
        p.add(i(Bpf.ALU64 | Bpf.MOV | Bpf.K, 0, 0, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.MOV | Bpf.K, 1, 0, 0, ITERATIONS));
        p.add(i(Bpf.STX | Bpf.MEM | Bpf.DW, 10, 1, -8, 0));
        p.add(i(Bpf.LDX | Bpf.MEM | Bpf.DW, 2, 10, -8, 0));
        p.add(i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 2, 0, 0));
        p.add(i(Bpf.ALU64 | Bpf.SUB | Bpf.K, 1, 0, 0, 1));
        p.add(i(Bpf.JMP | Bpf.JNE | Bpf.K, 1, 0, -5, 0));
        p.add(i(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0));
        return p;
    }

    /** No helpers, kfuncs or maps. */
    static final Linker NOTHING = new Linker() {
        @Override
        public NativeFunction helper(int id) {
            return null;
        }

        @Override
        public NativeFunction kfunc(int id) {
            return null;
        }

        @Override
        public long mapPointer(int index) {
            throw new IllegalArgumentException("no maps");
        }

        @Override
        public long mapValueAddress(int index, int offset) {
            throw new IllegalArgumentException("no maps");
        }
    };

    @Setup
    public void setup() {
        cpu = SimMachine.builder().cpus(1).build().cpu(0);
        alu = Interpreter.create(ProgramImage.single("alu_loop", aluLoop(), false), NOTHING);
        stack = Interpreter.create(ProgramImage.single("stack_loop", stackLoop(), false), NOTHING);
    }

    private long execute(ExecutableProgram p) {
        return cpu.call(() -> {
            try (BpfRun run = new BpfRun(cpu, p.image(), RunLog.DISCARD)) {
                return p.execute(run, 0, 0);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(ALU_INSNS)
    public long aluLoop_interpreter() {
        return execute(alu);
    }

    @Benchmark
    @OperationsPerInvocation(ALU_INSNS)
    public long aluLoop_java() {
        long r0 = 0;
        for (long r1 = ITERATIONS; r1 != 0; r1--) {
            r0 = (r0 + ((r1 * 3) ^ r0)) & 0xffffff;
        }
        return r0;
    }

    @Benchmark
    @OperationsPerInvocation(STACK_INSNS)
    public long stackLoop_interpreter() {
        return execute(stack);
    }
}
