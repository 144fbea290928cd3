package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rqbpf.runtime.load.Backend;

/** The JIT's command-line surface: {@code run}/{@code test} with and without {@code --no-jit}, {@code asm --jit}. */
class JitOptionsTest {
    private static final String HELPERS = Path.of("../engine/src/test/resources/runtime/helpers.bpf").toAbsolutePath().normalize().toString();
    private static final String GOLDEN = Path.of("../engine/src/test/resources/jit/golden.bpf").toAbsolutePath().normalize().toString();

    @Test
    void noJitPicksTheInterpreter() {
        assertSame(Backend.INTERPRETER, Backend.choose(true));
        assertSame(Backend.JIT, Backend.choose(false));
    }

    @Test
    void runPrintsTheSameOnBothBackEnds() {
        CliRun jit = CliRun.of("run", HELPERS);
        CliRun interpreted = CliRun.of("run", HELPERS, "--no-jit");
        assertEquals(0, jit.code(), jit.err());
        assertEquals(0, interpreted.code(), interpreted.err());
        assertEquals(withoutTimes(interpreted.out()), withoutTimes(jit.out()));
        assertTrue(jit.out().contains("map_ops: r0 = 47 (0x2f)"), jit.out());
    }

    @Test
    void testChecksRetvalOnEitherBackEnd() {
        CliRun jit = CliRun.of("test", HELPERS);
        CliRun interpreted = CliRun.of("test", "--no-jit", HELPERS);
        assertEquals(0, jit.code(), jit.out());
        assertEquals(jit.out(), interpreted.out());
        assertTrue(jit.out().endsWith(" passed, 0 failed\n"), jit.out());
    }

    @Test
    void asmJitPrintsTheGeneratedBytecode() {
        CliRun r = CliRun.of("asm", "--jit", GOLDEN);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("program count_loop SEC(\"?tc\"): 6 slots\n"), r.out());
        assertTrue(r.out().contains("final class org/rqbpf/runtime/jit/Jit$count_loop implements org/rqbpf/runtime/ExecutableProgram"), r.out());
        assertTrue(r.out().contains("INVOKESTATIC org/rqbpf/isa/Semantics.div32 (JJ)J"), r.out());
        assertTrue(r.out().contains("private static add_one$3(Lorg/rqbpf/runtime/BpfRun;JJJJJJJJJJI)J"), r.out());
    }

    private static String withoutTimes(String out) {
        return out.replaceAll("\\d+ ns per run", "N ns per run");
    }
}
