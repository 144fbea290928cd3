package org.rqbpf.runtime.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.conformance.ConformanceLinker;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.conformance.ConformanceRunner;
import org.rqbpf.runtime.load.Backend;

/**
 * Compiled code faults exactly as the interpreter does (same instruction, address and reason), for
 * programs run without the verifier: memory checks in the main function and in a subprogram, a frame
 * access outside the frame, too many nested calls, and {@code callx} to an unknown helper.
 */
class JitFaultTest {
    private static List<RawInsn> assemble(String body) throws Exception {
        String text = "SEC(\"?tc\")\nprog:\n" + body;
        return Assembler.parse("faults.bpf", text).programs().get(0).insns();
    }

    private static void sameFault(List<RawInsn> insns, String reason) {
        assertTrue(JitCompiler.isCompiled(Backend.JIT.build(ProgramImage.single("prog", insns, false),
                new ConformanceLinker())), "compiled");
        RuntimeFault interpreted = assertThrows(RuntimeFault.class,
                () -> new ConformanceRunner(Backend.INTERPRETER).run("prog", insns, null));
        RuntimeFault compiled = assertThrows(RuntimeFault.class,
                () -> new ConformanceRunner(Backend.JIT).run("prog", insns, null));
        assertEquals(interpreted.getMessage(), compiled.getMessage());
        assertTrue(compiled.getMessage().contains(reason), compiled.getMessage());
    }

    @Test
    void nullLoad() throws Exception {
        sameFault(assemble("\tr0 = 1\n\tr0 = *(u64 *)(r1 + 8)\n\texit\n"), "at insn 1, address 0x0000000000000008");
    }

    @Test
    void loadOutsideTheFrame() throws Exception {
        sameFault(assemble("\tr0 = *(u64 *)(r10 + 8)\n\texit\n"), "at insn 0");
        sameFault(assemble("\t*(u32 *)(r10 - 516) = 1\n\tr0 = 0\n\texit\n"), "at insn 0");
    }

    @Test
    void faultInsideASubprogramNamesItsInstruction() throws Exception {
        sameFault(assemble("\tr0 = 0\n\tcall sub\n\texit\nstatic sub:\n\tr0 = 2\n\t*(u32 *)(r1 + 0) = r0\n\texit\n"),
                "at insn 4");
    }

    @Test
    void tooManyNestedCalls() throws Exception {
        sameFault(assemble("\tcall sub\n\texit\nstatic sub:\n\tcall sub\n\texit\n"), "frames deep");
    }

    @Test
    void callxToAnUnknownHelper() {
        sameFault(List.of(new RawInsn(Bpf.ALU64 | Bpf.MOV | Bpf.K, 2, 0, 0, 99), new RawInsn(Bpf.CALLX, 2, 0, 0, 0),
                new RawInsn(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0)), "callx to unknown helper 99");
    }
}
