package org.rqbpf.runtime.testrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The single-CPU runtime rows of verifier-rules.md §9.2 and rqspinlock.md S12: resilient-lock kfuncs
 * on a test-run's CPU 0, their results and their error reports.
 */
class LockRuntimeTest {
    private static final Pattern ATTEMPTED = Pattern.compile("Attempted lock   = 0x([0-9a-f]{16})\n");
    private static final Pattern HELD0 = Pattern.compile("Held lock\\[ 0\\] = 0x([0-9a-f]{16})\n");

    @Test
    void runtimeAaThroughTwoLookupsReturnsEdeadlkWithTheReport() throws Exception {
        TestRunResult r = TestRun.run(Programs.suite("res_spin_lock_test.bpf"), "res_spin_lock_test",
                TestRunOptions.defaults());
        assertEquals(0, (int) r.r0());
        String e = r.errors();
        assertTrue(e.startsWith("ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock\n"), e);
        assertTrue(e.contains("Total held locks = 1\n"), e);
        assertTrue(sameAddress(e));
        assertTrue(e.endsWith("Call trace:\n  res_spin_lock_test+20\n"), e);
    }

    @Test
    void theIrqsaveVariantNamesItselfAndLeavesTheFlagsSlotAlone() throws Exception {
        TestRunResult r = TestRun.run(Programs.resource("res_spin_lock_test_irqsave.bpf"),
                "res_spin_lock_test_irqsave", TestRunOptions.defaults());
        assertEquals(0, (int) r.r0());
        assertTrue(r.errors().startsWith("ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock_irqsave\n"),
                r.errors());
        assertTrue(sameAddress(r.errors()));
    }

    private static boolean sameAddress(String report) {
        Matcher a = ATTEMPTED.matcher(report);
        Matcher h = HELD0.matcher(report);
        assertTrue(a.find() && h.find(), report);
        return a.group(1).equals(h.group(1));
    }

    @Test
    void anAaBeyondTheHeldLockTableTimesOutAfterThePendingTimeout() throws Exception {
        long t0 = System.nanoTime();
        TestRunResult r = TestRun.run(Programs.suite("res_spin_lock_test_held_lock_max.bpf"),
                "res_spin_lock_test_held_lock_max", TestRunOptions.defaults());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, (int) r.r0());
        assertTrue(ms >= 250, ms + " ms");
        String e = r.errors();
        assertTrue(e.startsWith("ERROR: Timeout detected for bpf_res_spin_lock\n"), e);
        assertTrue(e.contains("Total held locks = 34\n"), e);
        assertTrue(e.contains("Held lock[30] = 0x") && !e.contains("Held lock[31]"), e);
    }

    @Test
    void thePlainSpinLockHelpersLockAndUnlock() throws Exception {
        TestRunResult r = TestRun.run(Programs.suite("spin_lock_test1_success.bpf"), "spin_lock_test1_success",
                TestRunOptions.defaults());
        assertEquals(0, r.r0());
        assertEquals("", r.errors());
    }

    @Test
    void outOfOrderResLocksRunToCompletion() throws Exception {
        TestRunResult r = TestRun.run(Programs.suite("res_spin_lock_ooo.bpf"), "res_spin_lock_ooo",
                TestRunOptions.defaults());
        assertEquals(0, (int) r.r0());
        assertEquals("", r.errors());
    }
}
