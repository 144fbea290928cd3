package org.rqbpf.runtime.testrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.Loader;

/**
 * The two-CPU row of verifier-rules.md §9.2: {@code res_spin_lock_test_AB} loops on the other CPUs while
 * {@code res_spin_lock_test_BA} runs on CPU 0 until it sees a failure; the runtime's ABBA detection must
 * end it with {@code -EDEADLK} and every AB run must return 0.
 */
class AbbaHarnessTest {
    private static final long DEADLINE_NANOS = 30_000_000_000L;

    @Test
    void baSeesEdeadlkWhileAbLoopsOnTheOtherCpus() throws Exception {
        Program file = Programs.suite("res_spin_lock_test_AB_BA.bpf");
        SimMachine machine = TestRun.newMachine();
        LoadedFile loaded = Loader.load(machine, file, List.of("res_spin_lock_test_AB", "res_spin_lock_test_BA"),
                LoadOptions.defaults());
        LoadedProgram ab = loaded.program("res_spin_lock_test_AB");
        LoadedProgram ba = loaded.program("res_spin_lock_test_BA");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong abRuns = new AtomicLong();
        AtomicLong abNonZero = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        List<CpuThread> threads = new ArrayList<>();
        for (int c = 1; c < Math.min(machine.cpuCount(), 17); c++) {
            SimCpu cpu = machine.cpu(c);
            threads.add(cpu.newThread("AB on CPU " + c, () -> {
                ProgramContext ctx = ProgramContext.create(machine.memory(), ab.type(), null, null);
                try {
                    while (!stop.get()) {
                        if (TestRun.runOnce(cpu, ab, ctx, RunLog.DISCARD) != 0) {
                            abNonZero.incrementAndGet();
                        }
                        abRuns.incrementAndGet();
                    }
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);

        SimCpu cpu0 = machine.cpu(0);
        long last = cpu0.call(() -> {
            ProgramContext ctx = ProgramContext.create(machine.memory(), ba.type(), null, null);
            long start = System.nanoTime();
            long r0 = 0;
            while (r0 == 0 && errGlobal(loaded) == 0 && System.nanoTime() - start < DEADLINE_NANOS) {
                r0 = TestRun.runOnce(cpu0, ba, ctx, RunLog.DISCARD);
            }
            return r0;
        });
        stop.set(true);
        for (CpuThread t : threads) {
            t.join();
        }

        assertEquals(List.of(), failures);
        assertTrue(abRuns.get() > 0);
        assertEquals(0, abNonZero.get(), "AB runs that returned non-zero");
        assertEquals(-35, errGlobal(loaded));
        assertEquals(-35, (int) last);
    }

    /** The .bss global {@code err}, read through the map as the host does. */
    private static int errGlobal(LoadedFile loaded) {
        GlobalVar err = loaded.program().globals().stream().filter(g -> g.name().equals("err")).findFirst().orElseThrow();
        BpfMap bss = loaded.maps().maps().get(err.mapIndex());
        byte[] value = bss.lookup(new byte[bss.keySize()]);
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(err.offset());
    }
}
