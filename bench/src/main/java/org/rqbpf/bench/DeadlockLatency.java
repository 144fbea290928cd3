package org.rqbpf.bench;

import org.rqbpf.abi.Errno;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.kernel.locking.WaitPolicy;

/**
 * Detection latency of rqspinlock verdicts (design.md targets: AA on the first poll, ABBA within 5 ms
 * p99, timeouts within 5% of their bound). Per-event latencies between CPU threads, so a plain harness
 * rather than JMH: {@code java -cp rqbpf.jar org.rqbpf.bench.DeadlockLatency [abbaRounds] [timeoutRounds]}.
 */
public final class DeadlockLatency {
    private DeadlockLatency() {}

    public static void main(String[] args) throws Exception {
        int abbaRounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int timeoutRounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String mode = System.getProperty("rqbpf.lock.waitMode", "BACKOFF");
        RqConfig cfg = RqConfig.builder().pendingTimeout(Duration.ofMillis(50))
                .waitPolicy(WaitPolicy.of(WaitPolicy.Mode.valueOf(mode))).build();
        SimMachine m = SimMachine.builder().cpus(2).config(cfg).build();
        System.out.println("config: " + cfg + ", effective wait mode on this host: "
                + cfg.waitPolicy().effectiveMode(m.cpuCount()));

        long[] aa = new long[20_000];
        RqSpinLock a0 = new RqSpinLock(m);
        m.cpu(0).run(() -> {
            for (int i = 0; i < aa.length; i++) {
                a0.lock();
                long t0 = System.nanoTime();
                int r = a0.lock();
                aa[i] = System.nanoTime() - t0;
                a0.unlock();
                if (r != -Errno.EDEADLK) {
                    throw new AssertionError("AA not detected: " + r);
                }
            }
        });
        report("AA (second lock() on the holder, ns)", Arrays.copyOfRange(aa, aa.length / 2, aa.length), 1);

        long[] abba = new long[abbaRounds];
        for (int round = 0; round < abbaRounds; round++) {
            RqSpinLock a = new RqSpinLock(m);
            RqSpinLock b = new RqSpinLock(m);
            CyclicBarrier barrier = new CyclicBarrier(2);
            long[] lat = new long[2];
            int[] res = new int[2];
            CpuThread[] ts = new CpuThread[2];
            for (int c = 0; c < 2; c++) {
                int me = c;
                RqSpinLock first = c == 0 ? a : b;
                RqSpinLock second = c == 0 ? b : a;
                ts[c] = m.cpu(c).newThread("abba-" + c, () -> {
                    first.lock();
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    long t0 = System.nanoTime();
                    res[me] = second.lock();
                    lat[me] = System.nanoTime() - t0;
                    if (res[me] == 0) {
                        second.unlock();
                    }
                    first.unlock();
                });
                ts[c].start();
            }
            for (CpuThread t : ts) {
                t.join();
            }
            long best = Long.MAX_VALUE;
            for (int c = 0; c < 2; c++) {
                if (res[c] == -Errno.EDEADLK) {
                    best = Math.min(best, lat[c]);
                }
            }
            if (best == Long.MAX_VALUE) {
                throw new AssertionError("round " + round + ": no ABBA verdict: " + Arrays.toString(res));
            }
            abba[round] = best;
        }
        report("ABBA (first verdict after both CPUs block, us)", abba, 1000);

        long bound = cfg.pendingTimeoutNanos();
        long[] over = new long[timeoutRounds];
        for (int round = 0; round < timeoutRounds; round++) {
            RqSpinLock l = new RqSpinLock(m);
            CyclicBarrier held = new CyclicBarrier(2);
            CyclicBarrier done = new CyclicBarrier(2);
            CpuThread owner = m.cpu(1).newThread("owner", () -> {
                l.lock();
                await(held);
                await(done);
                l.unlock();
            });
            owner.start();
            await(held);
            long[] took = new long[1];
            m.cpu(0).run(() -> {
                long t0 = System.nanoTime();
                int r = l.lock();
                took[0] = System.nanoTime() - t0;
                if (r != -Errno.ETIMEDOUT) {
                    throw new AssertionError("expected a timeout: " + r);
                }
            });
            await(done);
            owner.join();
            over[round] = took[0] - bound;
        }
        report("pending timeout overshoot past the 50 ms bound (us)", over, 1000);
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(String what, long[] v, long div) {
        long[] s = v.clone();
        Arrays.sort(s);
        System.out.printf("%s: n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f%n", what, s.length,
                s[s.length / 2] / (double) div, s[(int) (s.length * 0.9)] / (double) div,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / (double) div, s[s.length - 1] / (double) div);
    }
}
