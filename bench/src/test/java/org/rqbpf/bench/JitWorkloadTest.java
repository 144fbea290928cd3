package org.rqbpf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.testrun.TestRun;

/**
 * The benchmark's programs are verified, and the JIT, the interpreter and the hand-written Java
 * baselines compute the same results, so {@link JitBench} compares like with like.
 */
class JitWorkloadTest {
    @Test
    void backEndsAndJavaBaselinesAgree() throws Exception {
        SimMachine machine = TestRun.newMachine();
        machine.cpu(0).call(() -> {
            JitWorkload jit = new JitWorkload(machine, Backend.JIT);
            JitWorkload interp = new JitWorkload(machine, Backend.INTERPRETER);
            assertEquals(JitWorkload.loopJava(), jit.run(0));
            assertEquals(JitWorkload.loopJava(), interp.run(0));
            assertEquals(64, jit.run(1));
            assertEquals(jit.packetHashJava(), jit.run(1));
            assertEquals(jit.packetHashJava(), interp.run(1));
            assertEquals(4242, jit.run(2));
            assertEquals(jit.lpmLookupJava(), jit.run(2));
            assertEquals(jit.lpmLookupJava(), interp.run(2));
            assertEquals(0, jit.run(3));
            assertEquals(jit.criticalSectionJava(), jit.run(3));
            assertEquals(0, interp.run(3));
            return null;
        });
    }
}
