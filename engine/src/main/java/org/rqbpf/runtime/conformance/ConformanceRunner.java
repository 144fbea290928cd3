package org.rqbpf.runtime.conformance;

import java.util.List;
import org.rqbpf.program.ConformanceTest;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;

/**
 * Runs bpf_conformance programs the way that suite's README prescribes: without the verifier but with
 * the memory checks, {@code r1} = a pointer to a copy of the test's memory (0 when it has none),
 * {@code r2} = its length, {@code r10} = the top of a 512-byte stack, and the runner's own helper table
 * ({@link ConformanceLinker}). Runs on CPU 0 of a private one-CPU machine; not thread-safe.
 */
public final class ConformanceRunner {
    private final SimMachine machine = SimMachine.builder().cpus(1).build();
    private final Backend backend;

    /** A runner on the interpreter. */
    public ConformanceRunner() {
        this(Backend.INTERPRETER);
    }

    /** A runner on {@code backend}. */
    public ConformanceRunner(Backend backend) {
        this.backend = backend;
    }

    /**
     * Runs one program and returns its {@code r0}.
     *
     * @param mem the input memory, or null or empty for none
     * @throws org.rqbpf.runtime.RuntimeFault if the program faults
     */
    public long run(String name, List<RawInsn> insns, byte[] mem) {
        ExecutableProgram program = backend.build(ProgramImage.single(name, insns, false), new ConformanceLinker());
        SimCpu cpu = machine.cpu(0);
        return cpu.call(() -> {
            Memory memory = machine.memory();
            Region region = mem == null || mem.length == 0 ? null : memory.wrap("input memory", RegionKind.OTHER, mem.clone(), false);
            try (BpfRun run = new BpfRun(cpu, program.image(), RunLog.DISCARD)) {
                return program.execute(run, region == null ? 0 : region.base(), region == null ? 0 : mem.length);
            } finally {
                if (region != null) {
                    memory.free(region);
                }
            }
        });
    }

    /** The verdict on one conformance test: passed, or why not. */
    public record Verdict(String name, boolean passed, String detail) {}

    /** Runs {@code test} and compares {@code r0} with its expected result. */
    public Verdict check(ConformanceTest test) {
        try {
            long r0 = run(test.name(), test.program(), test.memory());
            if (r0 == test.expected()) {
                return new Verdict(test.name(), true, "");
            }
            return new Verdict(test.name(), false, String.format("r0 = 0x%x, expected 0x%x", r0, test.expected()));
        } catch (RuntimeFault f) {
            return new Verdict(test.name(), false, f.getMessage());
        }
    }
}
