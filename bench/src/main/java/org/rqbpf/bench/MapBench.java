package org.rqbpf.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapFactory;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;
import org.rqbpf.program.SourcePos;

/**
 * Map benchmarks (design.md targets: hash update+lookup >= 0.5x a ConcurrentHashMap doing the same work;
 * LPM lookup < 300 ns at 100 k prefixes). The JMH worker threads are {@link org.rqbpf.kernel.CpuThread}s
 * of {@link BenchCpus#MACHINE}, each bound to its own simulated CPU for its whole life (the {@code @Fork}
 * selects the {@link BenchCpus.Executor}), so map operations find their CPU the way the runtime's CPU
 * threads do, not through the {@code ThreadLocal} of a foreign thread. Each invocation runs {@link #BATCH}
 * operations and then ends the task work, as a CPU thread's loop does between work items.
 * Run with {@code -t 1} and {@code -t 2}. Baselines: {@code chm*} (ConcurrentHashMap with the same keys
 * and values) and {@code lpmBruteForce} (a linear longest-prefix scan over the same prefixes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=org.rqbpf.bench.BenchCpus$Executor"})
public class MapBench {
    static final int BATCH = 256;
    static final int KEYS = 1024;
    private static final SourcePos POS = new SourcePos("MapBench", 1, 1);

    /** The shared machine and maps. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({"1000", "100000"})
        public int prefixes;

        BpfMap hash;
        BpfMap percpuHash;
        BpfMap lpm;
        ConcurrentHashMap<Integer, Long> chm;
        /** Prefixes for the brute-force baseline: network and mask as ints, value. */
        int[] nets;
        int[] masks;
        int[] lens;
        /** Existing prefixes as LPM keys, for the update benchmark. */
        byte[][] lpmKeys;

        @Setup(Level.Trial)
        public void setUp() {
            MapFactory f = new MapFactory(BenchCpus.MACHINE);
            hash = f.create(def(MapType.HASH, 4, 8, 4 * KEYS, 0));
            percpuHash = f.create(def(MapType.PERCPU_HASH, 4, 8, 4 * KEYS, 0));
            lpm = f.create(def(MapType.LPM_TRIE, 8, 8, prefixes, MapFlags.BPF_F_NO_PREALLOC));
            chm = new ConcurrentHashMap<>();
            SplittableRandom rnd = new SplittableRandom(42);
            Set<Long> seen = new HashSet<>();
            nets = new int[prefixes];
            masks = new int[prefixes];
            lens = new int[prefixes];
            lpmKeys = new byte[prefixes][];
            for (int i = 0; i < prefixes; ) {
                int len = 8 + rnd.nextInt(25);
                int mask = (int) (0xFFFFFFFF00000000L >>> len);
                int net = rnd.nextInt() & mask;
                if (!seen.add(((long) len << 32) | (net & 0xFFFFFFFFL))) {
                    continue;
                }
                nets[i] = net;
                masks[i] = mask;
                lens[i] = len;
                lpmKeys[i] = lpmKey(len, net);
                if (lpm.update(lpmKeys[i], u64(i), MapFlags.BPF_ANY) != 0) {
                    throw new IllegalStateException("LPM insert failed");
                }
                i++;
            }
        }
    }

    /** Per-thread CPU and pre-built keys and values. */
    @State(Scope.Thread)
    public static class Worker {
        SimCpu cpu;
        byte[] keys;
        byte[] values;
        Integer[] boxedKeys;
        Long[] boxedValues;
        byte[] lookups;
        int[] lookupAddrs;
        int next;

        @Setup(Level.Trial)
        public void setUp(Maps maps) {
            cpu = SimCpu.currentOrNull();
            if (cpu == null || cpu.machine() != BenchCpus.MACHINE) {
                throw new IllegalStateException("MapBench needs the BenchCpus executor (its @Fork sets it; do not"
                        + " run it with -f 0)");
            }
            SplittableRandom rnd = new SplittableRandom(7 + cpu.id());
            keys = new byte[KEYS * 4];
            values = new byte[KEYS * 8];
            boxedKeys = new Integer[KEYS];
            boxedValues = new Long[KEYS];
            lookups = new byte[KEYS * 8];
            lookupAddrs = new int[KEYS];
            ByteBuffer k = ByteBuffer.wrap(keys).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer v = ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer l = ByteBuffer.wrap(lookups).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < KEYS; i++) {
                int key = rnd.nextInt(2 * KEYS);
                long val = rnd.nextLong();
                k.putInt(i * 4, key);
                v.putLong(i * 8, val);
                boxedKeys[i] = key;
                boxedValues[i] = val;
                // Half the lookups inside a stored prefix, half anywhere.
                int p = rnd.nextInt(maps.prefixes);
                int addr = rnd.nextBoolean() ? rnd.nextInt() : maps.nets[p] | (rnd.nextInt() & ~maps.masks[p]);
                lookupAddrs[i] = addr;
                l.putInt(i * 8, 32);
                l.order(ByteOrder.BIG_ENDIAN).putInt(i * 8 + 4, addr).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    static MapDef def(MapType type, int keySize, int valueSize, int max, int flags) {
        return new MapDef("bench", 0, type, keySize, valueSize, max, flags, null, null, null, null, POS);
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] lpmKey(int len, int net) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(len).order(ByteOrder.BIG_ENDIAN)
                .putInt(net).array();
    }

    private static long updateLookup(BpfMap map, Worker w) {
        long sum = 0;
        int n = w.next;
        for (int i = 0; i < BATCH; i++) {
            int j = n++ & (KEYS - 1);
            sum += map.update(w.keys, j * 4, w.values, j * 8, MapFlags.BPF_ANY);
            sum += map.lookup(w.keys, j * 4);
        }
        w.next = n;
        w.cpu.endTaskWork();
        return sum;
    }

    /** HASH: one update (BPF_ANY, mostly replacing) plus one lookup of the same key. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hashUpdateLookup(Maps maps, Worker w) {
        return updateLookup(maps.hash, w);
    }

    /** PERCPU_HASH: the same work; existing keys are updated in place. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long percpuHashUpdateLookup(Maps maps, Worker w) {
        return updateLookup(maps.percpuHash, w);
    }

    /** Baseline: ConcurrentHashMap put + get of the same keys and values. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long chmPutGet(Maps maps, Worker w) {
        long sum = 0;
        int n = w.next;
        for (int i = 0; i < BATCH; i++) {
            int j = n++ & (KEYS - 1);
            maps.chm.put(w.boxedKeys[j], w.boxedValues[j]);
            sum += maps.chm.get(w.boxedKeys[j]);
        }
        w.next = n;
        return sum;
    }

    /** LPM_TRIE lookup of a full-length IPv4 key. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lpmLookup(Maps maps, Worker w) {
        long sum = 0;
        int n = w.next;
        for (int i = 0; i < BATCH; i++) {
            sum += maps.lpm.lookup(w.lookups, (n++ & (KEYS - 1)) * 8);
        }
        w.next = n;
        w.cpu.endTaskWork();
        return sum;
    }

    /** LPM_TRIE update replacing an existing prefix's value (trie lock, new slot, index update). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lpmUpdate(Maps maps, Worker w) {
        long sum = 0;
        int n = w.next;
        for (int i = 0; i < BATCH; i++) {
            int j = (int) ((n++ * 7919L) % maps.prefixes);
            sum += maps.lpm.update(maps.lpmKeys[j], 0, w.values, (j & (KEYS - 1)) * 8, MapFlags.BPF_ANY);
        }
        w.next = n;
        w.cpu.endTaskWork();
        return sum;
    }

    /** Baseline: linear longest-prefix scan over the same prefixes (one lookup per invocation). */
    @Benchmark
    public void lpmBruteForce(Maps maps, Worker w, Blackhole bh) {
        int addr = w.lookupAddrs[w.next++ & (KEYS - 1)];
        int best = -1;
        int bestLen = -1;
        int[] nets = maps.nets;
        int[] masks = maps.masks;
        int[] lens = maps.lens;
        for (int i = 0; i < nets.length; i++) {
            if ((addr & masks[i]) == nets[i] && lens[i] > bestLen) {
                best = i;
                bestLen = lens[i];
            }
        }
        bh.consume(best);
    }
}
