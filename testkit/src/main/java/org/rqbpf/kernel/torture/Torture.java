package org.rqbpf.kernel.torture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.HeldLocks;
import org.rqbpf.kernel.locking.IrqFlags;
import org.rqbpf.kernel.locking.LockWord;
import org.rqbpf.kernel.locking.QSpinLock;
import org.rqbpf.kernel.locking.RqOutcome;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.kernel.locking.RqStats;
import org.rqbpf.kernel.locking.WaitHistogram;

/**
 * The lock torture engine behind {@code rqbpf torture}: Linux's locktorture plus the kernel's rqspinlock
 * stress module (rqspinlock.md S10).
 *
 * <p>Mode {@code none}: every CPU is a writer looping {lock; CAS the lock's owner cell from free to
 * itself; hold; CAS it back; unlock}. A failed owner CAS is a mutual-exclusion violation. Injection
 * modes: CPU 0 coordinates, raising an NMI on each CPU &ge; 1 about every millisecond (seeded jitter);
 * each CPU &ge; 1 loops {@code lockIrqSave(worker lock)}, hold, unlock if acquired; each NMI takes its
 * CPU's NMI lock the same way, holding half as long. Lock pairs (worker, NMI): AA = (A, A); ABBA = odd
 * CPUs (B, A), even (A, B); ABBCCA by {@code cpu % 3}: (A, B), (B, C), (C, A).
 */
public final class Torture {
    private static final int STRIDE = 16;

    private final TortureOptions o;
    private final SimMachine machine;
    private final LockWord[] locks;
    private final AtomicInteger[] owners;
    private final long hold;
    private final AtomicLongArray acquired;
    private final AtomicLongArray failed;
    private final WaitHistogram[][] waits;
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong nmisRaised = new AtomicLong();
    private volatile boolean stop;

    private Torture(TortureOptions o) {
        this.o = o;
        this.machine = SimMachine.builder().cpus(o.cpus()).seed(o.seed()).config(o.config()).build();
        int n = o.mode() == TortureOptions.Mode.NONE || o.mode() == TortureOptions.Mode.AA ? 1
                : o.mode() == TortureOptions.Mode.ABBA ? 2 : 3;
        this.locks = new LockWord[n];
        this.owners = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            locks[i] = o.lock() == TortureOptions.LockKind.QSPINLOCK ? new QSpinLock(machine) : new RqSpinLock(machine);
            owners[i] = new AtomicInteger(-1);
        }
        this.hold = o.effectiveHoldNanos();
        this.acquired = new AtomicLongArray(o.cpus() * STRIDE);
        this.failed = new AtomicLongArray(o.cpus() * STRIDE);
        this.waits = new WaitHistogram[o.cpus()][CpuContext.values().length];
        for (WaitHistogram[] w : waits) {
            for (int c = 0; c < w.length; c++) {
                w[c] = new WaitHistogram();
            }
        }
    }

    /** Runs to completion, calling {@code progress} about once a second from the calling thread. */
    public static TortureReport run(TortureOptions options, Consumer<TortureProgress> progress) {
        return new Torture(options).execute(progress);
    }

    private TortureReport execute(Consumer<TortureProgress> progress) {
        RqStats.Snapshot before = machine.stats().snapshot();
        List<CpuThread> threads = new ArrayList<>();
        boolean inject = o.mode() != TortureOptions.Mode.NONE;
        for (SimCpu cpu : machine.cpus()) {
            Runnable body = !inject ? () -> writerLoop(0, false)
                    : cpu.id() == 0 ? this::coordinate : () -> writerLoop(workerLock(cpu.id()), true);
            threads.add(cpu.newThread("torture-cpu-" + cpu.id(), body));
        }
        long start = System.nanoTime();
        long end = start + o.duration().toNanos();
        threads.forEach(Thread::start);
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
            LockSupport.parkNanos(Math.min(end - now, Math.max(1, nextReport - now)));
            if (System.nanoTime() - nextReport >= 0) {
                nextReport += TimeUnit.SECONDS.toNanos(1);
                if (progress != null) {
                    progress.accept(new TortureProgress(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                            sum(acquired), sum(failed), violations.get()));
                }
            }
        }
        stop = true;
        long bound = o.config().headTimeoutNanos() + o.config().pendingTimeoutNanos() + 4 * hold
                + TimeUnit.SECONDS.toNanos(2);
        long joinEnd = System.nanoTime() + bound;
        boolean hung = false;
        for (CpuThread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinEnd - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hung |= t.isAlive();
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        boolean clean = !hung && isClean();
        return new TortureReport(o, elapsed, sum(acquired), perCpu(), sum(failed), violations.get(),
                outcomes(machine.stats().snapshot().minus(before)), waitPercentiles(), nmisRaised.get(),
                machine.cpus().stream().mapToLong(c -> c.deliveredInterrupts(CpuContext.NMI)).sum(), hung, clean,
                hung || !clean ? dump() : "");
    }

    private int workerLock(int cpu) {
        switch (o.mode()) {
            case ABBA: return cpu % 2 == 1 ? 1 : 0;
            case ABBCCA: return cpu % 3;
            default: return 0;
        }
    }

    private int nmiLock(int cpu) {
        switch (o.mode()) {
            case ABBA: return cpu % 2 == 1 ? 0 : 1;
            case ABBCCA: return (cpu + 1) % 3;
            default: return 0;
        }
    }

    /** CPU 0 in injection modes: raise an NMI on each other CPU about every millisecond. */
    private void coordinate() {
        SimCpu me = SimCpu.current();
        while (!stop) {
            for (int c = 1; c < machine.cpuCount(); c++) {
                int cpu = c;
                nmisRaised.incrementAndGet();
                machine.cpu(c).raise(CpuContext.NMI, () -> critical(nmiLock(cpu), true, hold / 2));
            }
            LockSupport.parkNanos(500_000 + me.random().nextLong(1_000_000));
        }
    }

    private void writerLoop(int lockIndex, boolean irqsave) {
        SimCpu me = SimCpu.current();
        while (!stop) {
            critical(lockIndex, irqsave, hold);
            me.interruptPoint();
        }
    }

    /** One lock call: lock, owner check, hold, owner check, unlock; counts and times it. */
    private void critical(int idx, boolean irqsave, long holdNanos) {
        SimCpu me = SimCpu.current();
        LockWord lock = locks[idx];
        IrqFlags flags = irqsave ? new IrqFlags() : null;
        long t0 = System.nanoTime();
        int r;
        if (lock instanceof QSpinLock) {
            ((QSpinLock) lock).lock();
            r = 0;
        } else {
            RqSpinLock rq = (RqSpinLock) lock;
            r = irqsave ? rq.lockIrqSave(flags) : rq.lock();
        }
        waits[me.id()][me.context().ordinal()].record(System.nanoTime() - t0);
        if (r != 0) {
            failed.incrementAndGet(me.id() * STRIDE);
            return;
        }
        acquired.incrementAndGet(me.id() * STRIDE);
        int tag = me.id() * 4 + me.context().ordinal();
        if (!owners[idx].compareAndSet(-1, tag)) {
            violations.incrementAndGet();
        }
        if (holdNanos > 0) {
            me.delayNanos(holdNanos);
        }
        if (!owners[idx].compareAndSet(tag, -1)) {
            violations.incrementAndGet();
            owners[idx].set(-1);
        }
        if (lock instanceof QSpinLock) {
            ((QSpinLock) lock).unlock();
        } else if (irqsave) {
            ((RqSpinLock) lock).unlockIrqRestore(flags);
        } else {
            ((RqSpinLock) lock).unlock();
        }
    }

    private static long sum(AtomicLongArray a) {
        long n = 0;
        for (int i = 0; i < a.length(); i += STRIDE) {
            n += a.get(i);
        }
        return n;
    }

    private long[] perCpu() {
        long[] p = new long[o.cpus()];
        for (int i = 0; i < p.length; i++) {
            p[i] = acquired.get(i * STRIDE);
        }
        return p;
    }

    private Map<String, Long> outcomes(RqStats.Snapshot d) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (CpuContext c : CpuContext.values()) {
            for (RqOutcome out : RqOutcome.values()) {
                long n = d.count(c, out);
                if (n != 0) {
                    m.put(c.label() + "." + out, n);
                }
            }
        }
        return m;
    }

    private Map<String, long[]> waitPercentiles() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (CpuContext c : CpuContext.values()) {
            List<WaitHistogram> hs = new ArrayList<>();
            for (WaitHistogram[] w : waits) {
                hs.add(w[c.ordinal()]);
            }
            long[] counts = WaitHistogram.sum(hs);
            long total = 0;
            for (long x : counts) {
                total += x;
            }
            if (total == 0) {
                continue;
            }
            m.put(c.label(), new long[] {WaitHistogram.percentile(counts, 50), WaitHistogram.percentile(counts, 90),
                WaitHistogram.percentile(counts, 99), WaitHistogram.percentile(counts, 99.9),
                WaitHistogram.percentile(counts, 100)});
        }
        return m;
    }

    private boolean isClean() {
        for (LockWord l : locks) {
            if (l.word() != 0) {
                return false;
            }
        }
        for (SimCpu c : machine.cpus()) {
            HeldLocks h = c.locks().held();
            if (h.count() != 0 || c.locks().rqNode(0).count() != 0 || c.locks().qNode(0).count() != 0) {
                return false;
            }
            for (int i = 0; i < HeldLocks.RES_NR_HELD; i++) {
                if (h.entry(i) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private String dump() {
        StringBuilder sb = new StringBuilder();
        for (LockWord l : locks) {
            sb.append("  ").append(l).append('\n');
        }
        for (SimCpu c : machine.cpus()) {
            sb.append("  ").append(c.locks().dump()).append('\n');
        }
        return sb.toString();
    }
}
