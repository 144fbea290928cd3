package org.rqbpf.kernel.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.locking.RqConfig;

/**
 * Scenario S10 (stress with deadlock injection, CI lengths: 2 s per mode, 2 ms / 1 ms holds) through the
 * torture engine, plus its option checks and renderings. S10 uses 4 CPUs so ABBCCA has a real 3-cycle
 * (CPU 0 coordinates; CPUs 1..3 cover {@code cpu % 3} = 1, 2, 0).
 */
@Timeout(60)
class TortureTest {
    private static final RqConfig SHORT = RqConfig.builder().pendingTimeout(Duration.ofMillis(50)).build();

    private static TortureOptions s10(TortureOptions.Mode mode) {
        return TortureOptions.defaults().withCpus(4).withDuration(Duration.ofSeconds(2)).withMode(mode)
                .withHoldNanos(2_000_000).withSeed(10).withConfig(SHORT);
    }

    @Test
    void s10Aa() {
        TortureReport r = Torture.run(s10(TortureOptions.Mode.AA), null);
        assertTrue(r.passed(), r.toText());
        assertTrue(r.outcomes().getOrDefault("nmi.AA", 0L) > 0, r.toText());
        assertTrue(r.acquisitions() > 0);
        assertEquals(r.acquisitions() + r.failures(), r.outcomes().values().stream().mapToLong(Long::longValue).sum(),
                "one outcome per lock call");
    }

    @Test
    void s10Abba() {
        TortureReport r = Torture.run(s10(TortureOptions.Mode.ABBA), null);
        assertTrue(r.passed(), r.toText());
        long deadlocks = r.outcomes().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".AA") || e.getKey().endsWith(".ABBA"))
                .mapToLong(e -> e.getValue()).sum();
        assertTrue(deadlocks > 0, r.toText());
    }

    @Test
    void s10Abbcca() {
        TortureReport r = Torture.run(s10(TortureOptions.Mode.ABBCCA), null);
        assertTrue(r.passed(), r.toText());
        assertTrue(r.acquisitions() > 0, r.toText());
    }

    @Test
    void noneModeOnBothLocksWithProgress() {
        List<TortureProgress> ticks = new ArrayList<>();
        TortureOptions o = TortureOptions.defaults().withCpus(8).withDuration(Duration.ofMillis(1200)).withSeed(3);
        TortureReport rq = Torture.run(o, ticks::add);
        assertTrue(rq.passed(), rq.toText());
        assertEquals(1, ticks.size());
        assertEquals(rq.acquisitions(), rq.outcomes().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(0, rq.failures(), "no false timeouts at 8 CPUs on this host: " + rq.toText());
        TortureReport q = Torture.run(o.withLock(TortureOptions.LockKind.QSPINLOCK).withDuration(Duration.ofMillis(500)), null);
        assertTrue(q.passed(), q.toText());
        assertTrue(q.outcomes().isEmpty());
        String json = q.toJson();
        assertTrue(json.startsWith("{\"lock\":\"qspinlock\",\"cpus\":8,\"mode\":\"none\""), json);
        assertTrue(json.contains("\"violations\":0") && json.contains("\"passed\":true"), json);
        assertTrue(rq.toText().contains("mutual-exclusion violations: 0"));
    }

    @Test
    void qspinlockWithInjectionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TortureOptions.defaults().withLock(TortureOptions.LockKind.QSPINLOCK).withMode(TortureOptions.Mode.AA));
        assertTrue(e.getMessage().contains("would hang"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TortureOptions.defaults().withCpus(2).withMode(TortureOptions.Mode.ABBA));
        assertThrows(IllegalArgumentException.class, () -> TortureOptions.defaults().withDuration(Duration.ZERO));
    }
}
