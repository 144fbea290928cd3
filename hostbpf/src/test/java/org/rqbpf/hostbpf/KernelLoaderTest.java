package org.rqbpf.hostbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/** Loading assembled programs into the host kernel: accepted, rejected with Linux's message, nothing left open. */
class KernelLoaderTest {
    private static final Path SUITE = Path.of("..", "test-programs", "conformance");

    @BeforeEach
    void needsTheKernel() {
        if (!HostKernel.available()) {
            System.out.println("SKIPPED (host kernel): " + HostKernel.unavailableReason());
        }
        assumeTrue(HostKernel.available(), HostKernel.unavailableReason());
    }

    @AfterEach
    void nothingLeftOpen() {
        assertEquals(0, Fd.openCount(), "every descriptor is closed");
    }

    private static BpfProgram program(Program file, String name) {
        return file.program(name).orElseThrow();
    }

    @Test
    void aResLockProgramLoadsAndRuns() throws Exception {
        Program file = Assembler.parse(SUITE.resolve("res_spin_lock_test.bpf"));
        try (KernelLoad load = KernelLoader.load(file, program(file, "res_spin_lock_test"), 0, 0)) {
            assertTrue(load.accepted(), load.message() + "\n" + load.log());
            HostBpf.TestRun run = HostBpf.progTestRun(load.program(), new byte[64], null, 1);
            assertEquals(0, run.retval(), "the program compares the kfunc's int result as 32 bits");
        }
    }

    @Test
    void anAaDeadlockIsRejectedWithLinuxsMessage() throws Exception {
        Program file = Assembler.parse(SUITE.resolve("res_spin_lock_AA.bpf"));
        try (KernelLoad load = KernelLoader.load(file, program(file, "res_spin_lock_AA"), 1, 0)) {
            assertFalse(load.accepted());
            assertEquals(KernelLoad.Stage.PROGRAM, load.stage());
            assertEquals(Errno.EINVAL, load.errno());
            assertTrue(load.log().contains("AA deadlock detected"), load.log());
        }
    }
}
