package org.rqbpf.kernel.locking;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Lock statistics of a machine (rqspinlock.md §17): exactly one {@link RqOutcome} per
 * {@link RqSpinLock#lock()} call, per {@link CpuContext}, and per-context histograms of slow-path wait
 * times. Counters live per CPU (so the fast path touches only its own cache lines) and are summed on
 * read; they are monotonic, so tests compare {@link Snapshot}s.
 */
public final class RqStats {
    private final SimMachine machine;

    /** Statistics over the CPUs of {@code machine}. */
    public RqStats(SimMachine machine) {
        this.machine = machine;
    }

    /** Count of {@code o} over all CPUs and contexts. */
    public long count(RqOutcome o) {
        long n = 0;
        for (CpuContext c : CpuContext.values()) {
            n += count(c, o);
        }
        return n;
    }

    /** Count of {@code o} in context {@code ctx} over all CPUs. */
    public long count(CpuContext ctx, RqOutcome o) {
        long n = 0;
        for (SimCpu cpu : machine.cpus()) {
            n += cpu.locks().outcomeCount(ctx, o);
        }
        return n;
    }

    /** Count of {@code o} in {@code ctx} on one CPU. */
    public long count(int cpu, CpuContext ctx, RqOutcome o) {
        return machine.cpu(cpu).locks().outcomeCount(ctx, o);
    }

    /** All lock() calls counted so far. */
    public long total() {
        long n = 0;
        for (RqOutcome o : RqOutcome.values()) {
            n += count(o);
        }
        return n;
    }

    /** The current counts of every (context, outcome). */
    public Snapshot snapshot() {
        long[] c = new long[CpuContext.values().length * RqOutcome.COUNT];
        for (SimCpu cpu : machine.cpus()) {
            for (CpuContext ctx : CpuContext.values()) {
                for (RqOutcome o : RqOutcome.values()) {
                    c[ctx.ordinal() * RqOutcome.COUNT + o.ordinal()] += cpu.locks().outcomeCount(ctx, o);
                }
            }
        }
        return new Snapshot(c);
    }

    /** Summed slow-path wait histogram of {@code ctx} (bucket counts; see {@link WaitHistogram#percentile}). */
    public long[] waitHistogram(CpuContext ctx) {
        List<WaitHistogram> hs = new ArrayList<>();
        for (SimCpu cpu : machine.cpus()) {
            hs.add(cpu.locks().waits[ctx.ordinal()]);
        }
        return WaitHistogram.sum(hs);
    }

    /** Summed slow-path wait histogram of all contexts. */
    public long[] waitHistogram() {
        List<WaitHistogram> hs = new ArrayList<>();
        for (SimCpu cpu : machine.cpus()) {
            for (WaitHistogram h : cpu.locks().waits) {
                hs.add(h);
            }
        }
        return WaitHistogram.sum(hs);
    }

    /** The {@code p}-th percentile (0..100) of slow-path waits in {@code ctx}, in nanoseconds (bucket bound). */
    public long waitPercentile(CpuContext ctx, double p) {
        return WaitHistogram.percentile(waitHistogram(ctx), p);
    }

    /** Immutable counts at one moment; subtract two to get the deltas of a test or run. */
    public static final class Snapshot {
        private final long[] counts;

        Snapshot(long[] counts) {
            this.counts = counts;
        }

        /** Count of {@code o} in {@code ctx}. */
        public long count(CpuContext ctx, RqOutcome o) {
            return counts[ctx.ordinal() * RqOutcome.COUNT + o.ordinal()];
        }

        /** Count of {@code o} over all contexts. */
        public long count(RqOutcome o) {
            long n = 0;
            for (CpuContext c : CpuContext.values()) {
                n += count(c, o);
            }
            return n;
        }

        /** Sum of all counts. */
        public long total() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /** Successful outcomes. */
        public long successes() {
            long n = 0;
            for (RqOutcome o : RqOutcome.values()) {
                if (o.success()) {
                    n += count(o);
                }
            }
            return n;
        }

        /** This snapshot minus an earlier one. */
        public Snapshot minus(Snapshot earlier) {
            long[] d = new long[counts.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(d);
        }

        /** Non-zero counts by outcome (all contexts). */
        public Map<RqOutcome, Long> byOutcome() {
            Map<RqOutcome, Long> m = new EnumMap<>(RqOutcome.class);
            for (RqOutcome o : RqOutcome.values()) {
                long n = count(o);
                if (n != 0) {
                    m.put(o, n);
                }
            }
            return m;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (CpuContext c : CpuContext.values()) {
                for (RqOutcome o : RqOutcome.values()) {
                    long n = count(c, o);
                    if (n != 0) {
                        sb.append(sb.length() > 1 ? ", " : "").append(c.label()).append('.').append(o).append('=').append(n);
                    }
                }
            }
            return sb.append('}').toString();
        }
    }
}
