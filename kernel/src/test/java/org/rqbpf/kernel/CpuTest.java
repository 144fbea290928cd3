package org.rqbpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Binding, contexts, interrupt delivery rules, coalescing and arrival modes. */
@Timeout(30)
class CpuTest {
    @Test
    void callOnCpuThreadRunsBoundOnACpuThreadAndPassesResultsAndFailures() throws Exception {
        SimMachine m = new SimMachine(2);
        SimCpu cpu = m.cpu(1);
        assertEquals("CPU 1 on a CpuThread", cpu.callOnCpuThread("probe", () -> {
            assertTrue(Thread.currentThread() instanceof CpuThread);
            assertSame(cpu, SimCpu.current());
            cpu.checkBound();
            return "CPU " + SimCpu.current().id() + " on a CpuThread";
        }));
        assertThrows(IllegalStateException.class, cpu::checkBound, "the caller is not bound");
        IllegalArgumentException unchecked = assertThrows(IllegalArgumentException.class,
                () -> cpu.callOnCpuThread("fails", () -> {
                    throw new IllegalArgumentException("boom");
                }));
        assertEquals("boom", unchecked.getMessage());
        java.io.IOException checked = assertThrows(java.io.IOException.class,
                () -> cpu.callOnCpuThread("fails", () -> {
                    throw new java.io.IOException("checked");
                }));
        assertEquals("checked", checked.getMessage());
        assertEquals(5, (int) cpu.call(() -> 5), "the CPU is free again");
    }

    @Test
    void bindingRules() throws Exception {
        SimMachine m = new SimMachine(2);
        assertThrows(IllegalStateException.class, SimCpu::current);
        assertThrows(IllegalArgumentException.class, () -> new SimMachine(0));
        assertThrows(IllegalArgumentException.class, () -> new SimMachine(4097));
        assertEquals(4096, new SimMachine(4096).cpuCount());
        m.cpu(0).run(() -> {
            assertSame(m.cpu(0), SimCpu.current());
            assertThrows(IllegalStateException.class, () -> m.cpu(1).run(() -> { }), "thread already bound");
        });
        assertThrows(IllegalStateException.class, SimCpu::current, "unbound again");
        assertEquals(7, (int) m.cpu(1).call(() -> 7));

        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch out = new CountDownLatch(1);
        CpuThread t = m.cpu(0).newThread("holder", () -> {
            assertSame(m.cpu(0), SimCpu.current());
            in.countDown();
            try {
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        in.await();
        assertSame(t, m.cpu(0).boundThread());
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> { }), "second bind");
        out.countDown();
        t.join();
        m.cpu(0).run(() -> { });
    }

    @Test
    void nmiAnywhereHardirqOnlyWithIrqsEnabled() {
        SimMachine m = new SimMachine(1);
        List<String> log = new ArrayList<>();
        m.cpu(0).run(() -> {
            SimCpu cpu = SimCpu.current();
            long flags = cpu.irqSave();
            assertEquals(SimCpu.IRQ_FLAGS_ENABLED, flags);
            assertEquals(0, cpu.irqSave(), "already disabled");
            cpu.raise(CpuContext.HARDIRQ, () -> log.add("hardirq in " + SimCpu.current().context()
                    + " irqs=" + SimCpu.current().irqsEnabled()));
            cpu.raise(CpuContext.NMI, () -> {
                log.add("nmi");
                SimCpu.current().raise(CpuContext.NMI, () -> log.add("nested nmi"));
                SimCpu.current().interruptPoint();
                log.add("nmi end");
            });
            cpu.interruptPoint();
            assertEquals(List.of("nmi", "nmi end"), log.subList(0, 2), "NMIs do not nest inside NMIs");
            cpu.interruptPoint();
            assertEquals(List.of("nmi", "nmi end", "nested nmi"), log);
            cpu.irqRestore(flags);
            assertEquals(3, log.size(), "no delivery inside irqRestore");
            cpu.interruptPoint();
            assertEquals("hardirq in HARDIRQ irqs=false", log.get(3));
            assertEquals(CpuContext.TASK, cpu.context());
            assertTrue(cpu.irqsEnabled());
        });
    }

    @Test
    void softirqRunsOnReturnFromHardirqOrAtTaskEnd() {
        SimMachine m = new SimMachine(1);
        List<String> log = new ArrayList<>();
        m.cpu(0).run(() -> {
            SimCpu cpu = SimCpu.current();
            cpu.raise(CpuContext.SOFTIRQ, () -> log.add("softirq irqs=" + SimCpu.current().irqsEnabled()));
            cpu.interruptPoint();
            assertTrue(log.isEmpty(), "not at a plain interrupt point in task context");
            cpu.raise(CpuContext.HARDIRQ, () -> log.add("hardirq"));
            cpu.interruptPoint();
            assertEquals(List.of("hardirq", "softirq irqs=true"), log);
            cpu.raise(CpuContext.SOFTIRQ, () -> log.add("late softirq"));
        });
        assertEquals("late softirq", log.get(2), "end of task work");
    }

    @Test
    void hardirqCanInterruptSoftirqButNotItself() {
        SimMachine m = new SimMachine(1);
        List<String> log = new ArrayList<>();
        m.cpu(0).run(() -> {
            SimCpu cpu = SimCpu.current();
            cpu.runIn(CpuContext.SOFTIRQ, () -> {
                cpu.raise(CpuContext.HARDIRQ, () -> {
                    log.add("hardirq over " + cpu.contextDepth());
                    cpu.raise(CpuContext.HARDIRQ, () -> log.add("second hardirq over " + cpu.contextDepth()));
                    cpu.interruptPoint();
                    log.add("first hardirq end");
                });
                cpu.interruptPoint();
            });
            assertEquals(List.of("hardirq over 3", "first hardirq end", "second hardirq over 3"), log,
                    "not nested in the first; delivered once it returned to softirq");
            assertThrows(IllegalStateException.class, () -> cpu.runIn(CpuContext.TASK, () -> { }));
        });
    }

    @Test
    void raisesCoalesceAndAreCounted() {
        SimMachine m = new SimMachine(1);
        int[] runs = new int[1];
        SimCpu cpu = m.cpu(0);
        assertTrue(cpu.raise(CpuContext.HARDIRQ, () -> runs[0]++));
        assertFalse(cpu.raise(CpuContext.HARDIRQ, () -> runs[0]++));
        assertFalse(cpu.raise(CpuContext.HARDIRQ, () -> runs[0]++));
        assertEquals(2, cpu.droppedInterrupts(CpuContext.HARDIRQ));
        assertThrows(IllegalArgumentException.class, () -> cpu.raise(CpuContext.TASK, () -> { }));
        cpu.run(cpu::interruptPoint);
        assertEquals(1, runs[0]);
        assertEquals(1, cpu.deliveredInterrupts(CpuContext.HARDIRQ));
    }

    @Test
    void raiseFromAnotherThreadIsDeliveredInDelay() throws Exception {
        SimMachine m = new SimMachine(1);
        AtomicReference<CpuContext> seen = new AtomicReference<>();
        CountDownLatch delaying = new CountDownLatch(1);
        CpuThread t = m.cpu(0).newThread("cpu0", () -> {
            delaying.countDown();
            while (seen.get() == null) {
                SimCpu.current().delayNanos(10_000);
            }
        });
        t.start();
        delaying.await();
        m.cpu(0).raise(CpuContext.NMI, () -> seen.set(SimCpu.current().context()));
        t.join(5000);
        assertFalse(t.isAlive());
        assertEquals(CpuContext.NMI, seen.get());
    }

    @Test
    void steppedArrivalsReplayFromTheSeed() {
        assertEquals(arrivalPoints(42), arrivalPoints(42));
        assertNotEquals(arrivalPoints(42), arrivalPoints(43));
        List<Integer> points = arrivalPoints(42);
        assertTrue(points.size() > 50 && points.size() < 200, "mean 10 over 1000 points: " + points.size());
    }

    private static List<Integer> arrivalPoints(long seed) {
        SimMachine m = SimMachine.builder().cpus(2).seed(seed).build();
        List<Integer> at = new ArrayList<>();
        int[] point = new int[1];
        m.cpu(1).addInterruptSource(InterruptSource.stepped(CpuContext.HARDIRQ, 10, () -> at.add(point[0])));
        m.cpu(1).run(() -> {
            for (point[0] = 0; point[0] < 1000; point[0]++) {
                SimCpu.current().interruptPoint();
            }
        });
        return at;
    }

    @Test
    void timedArrivalsFollowTheClock() {
        FakeClock clock = new FakeClock();
        SimMachine m = SimMachine.builder().cpus(1).clock(clock).seed(7).build();
        int[] runs = new int[1];
        m.cpu(0).addInterruptSource(InterruptSource.timed(CpuContext.NMI, 1000, () -> runs[0]++));
        m.cpu(0).run(() -> {
            for (int i = 0; i < 1000; i++) {
                SimCpu.current().interruptPoint();
            }
            assertEquals(0, runs[0], "the clock did not move");
            for (int ms = 0; ms < 1000; ms++) {
                clock.advance(1_000_000);
                SimCpu.current().interruptPoint();
            }
        });
        assertTrue(runs[0] > 400 && runs[0] <= 1000, "about 1000/s, coalesced per point: " + runs[0]);
        m.cpu(0).clearInterruptSources();
    }

    @Test
    void perCpuLocalsAndRandomStreams() {
        SimMachine m = SimMachine.builder().cpus(2).seed(5).build();
        CpuLocal<int[]> counter = new CpuLocal<>(cpu -> new int[] {cpu.id() * 100});
        m.cpu(1).run(() -> {
            SimCpu.current().local(counter)[0]++;
            assertEquals(101, SimCpu.current().local(counter)[0]);
        });
        assertEquals(0, m.cpu(0).local(counter)[0]);
        long a = SimMachine.builder().cpus(2).seed(5).build().cpu(1).random().nextLong();
        long b = SimMachine.builder().cpus(2).seed(5).build().cpu(1).random().nextLong();
        assertEquals(a, b);
        assertNotEquals(a, SimMachine.builder().cpus(2).seed(5).build().cpu(0).random().nextLong());
    }

    @Test
    void preemptCountAndFakeClock() {
        SimMachine m = new SimMachine(1, new FakeClock(5));
        SimCpu cpu = m.cpu(0);
        cpu.preemptDisable();
        assertEquals(1, cpu.preemptCount());
        cpu.preemptEnable();
        assertThrows(IllegalStateException.class, cpu::preemptEnable);
        FakeClock c = (FakeClock) m.clock();
        assertEquals(15, c.advance(10));
        assertThrows(IllegalArgumentException.class, () -> c.set(1));
    }
}
