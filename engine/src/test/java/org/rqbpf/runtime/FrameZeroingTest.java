package org.rqbpf.runtime;

import org.rqbpf.isa.InsnTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.runtime.jit.JitCompiler;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.Loader;

/**
 * A verified program's frames are zeroed only as deep as the verifier proved each function uses; an
 * unverified one's are zeroed whole. Both back ends alike.
 */
class FrameZeroingTest {
    private static final byte DIRT = 0x5a;
    /** main uses 12 bytes (zeroed: 16), {@code fill} 40. */
    private static final String SOURCE = """
            static fill:
            	*(u64 *)(r10 - 40) = r1
            	r0 = *(u64 *)(r10 - 40)
            	exit

            SEC("?tc")
            depths:
            	*(u32 *)(r10 - 12) = 7
            	r1 = *(u32 *)(r10 - 12)
            	call fill
            	exit
            """;

    private static LoadedProgram load(SimMachine machine, Backend backend, boolean verify) throws Exception {
        LoadOptions options = LoadOptions.defaults().withBackend(backend);
        if (!verify) {
            options = options.withoutVerifier();
        }
        return Loader.load(machine, Assembler.parse("frames.bpf", SOURCE), List.of("depths"), options).programs().get(0);
    }

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("interpreter", Backend.INTERPRETER), Arguments.of("jit", Backend.JIT));
    }

    @Test
    void aVerifiedImageCarriesEachFunctionsDepthRoundedUpTo8() throws Exception {
        LoadedProgram p = load(new SimMachine(1), Backend.INTERPRETER, true);
        assertEquals(List.of(12, 40), p.verdict().stats().stackDepths());
        ProgramImage image = p.executable().image();
        assertEquals(List.of(16, 40), image.frameBytes());
        assertEquals(16, image.frameBytesAt(0));
        assertEquals(40, image.frameBytesAt(image.functions().get(1).start()));
        assertEquals(InsnTable.STACK_SIZE, image.frameBytesAt(1), "a call into the middle of a function");
    }

    @Test
    void anUnverifiedImageZeroesWholeFrames() throws Exception {
        ProgramImage image = load(new SimMachine(1), Backend.INTERPRETER, false).executable().image();
        assertEquals(List.of(InsnTable.STACK_SIZE, InsnTable.STACK_SIZE), image.frameBytes());
        assertEquals(InsnTable.STACK_SIZE, image.frameBytesAt(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aVerifiedRunZeroesOnlyTheTopItUses(String name, Backend backend) throws Exception {
        SimMachine machine = new SimMachine(1);
        LoadedProgram p = load(machine, backend, true);
        assertTrue(backend == Backend.INTERPRETER || JitCompiler.isCompiled(p.executable()));
        byte[][] frames = runOnDirtyFrames(machine.cpu(0), p);
        assertFrame(frames[0], 16, 500, 7);
        assertFrame(frames[1], 40, 472, 7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anUnverifiedRunZeroesWholeFrames(String name, Backend backend) throws Exception {
        SimMachine machine = new SimMachine(1);
        byte[][] frames = runOnDirtyFrames(machine.cpu(0), load(machine, backend, false));
        assertFrame(frames[0], InsnTable.STACK_SIZE, 500, 7);
        assertFrame(frames[1], InsnTable.STACK_SIZE, 472, 7);
    }

    /** Fills frames 0 and 1 of the CPU's first level with {@link #DIRT}, runs {@code p} there; the frames after. */
    private static byte[][] runOnDirtyFrames(SimCpu cpu, LoadedProgram p) {
        return cpu.call(() -> {
            StackPool pool = StackPool.of(cpu);
            StackPool.Frames f = pool.acquire();
            for (int depth = 0; depth < 2; depth++) {
                f.enter(depth, 0);
                Arrays.fill(f.region(depth).bytes(), DIRT);
            }
            pool.release(f);
            try (BpfRun run = BpfRun.open(cpu, p.executable().image(), new BufferedRunLog())) {
                assertEquals(7, p.executable().execute(run, 0, 0));
                return new byte[][] {f.region(0).bytes().clone(), f.region(1).bytes().clone()};
            }
        });
    }

    /** Below the top {@code zeroed} bytes: untouched; above: zero but for the value 7 stored at {@code at}. */
    private static void assertFrame(byte[] frame, int zeroed, int at, int value) {
        int top = InsnTable.STACK_SIZE - zeroed;
        for (int i = 0; i < InsnTable.STACK_SIZE; i++) {
            byte expected = i < top ? DIRT : i == at ? (byte) value : 0;
            assertEquals(expected, frame[i], "byte " + i + " of the frame (zeroed top " + zeroed + ")");
        }
    }
}
