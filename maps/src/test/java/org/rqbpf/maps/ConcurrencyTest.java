package org.rqbpf.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.maps.Maps.u32;
import static org.rqbpf.maps.Maps.u64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.InterruptSource;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/**
 * CPU threads run seeded random update/delete/lookup mixes on one map while NMIs (stepped, seeded) run
 * their own mixes at the map's interrupt points. Each context owns a key range (so its successful
 * operations form an exact model) while all of them share buckets, free lists and the trie lock.
 * Afterwards the map equals the union of the models, element counts balance with the free lists, and
 * every lock word and held-lock table is back to 0.
 */
class ConcurrencyTest {
    private static final int CPUS = 4;
    private static final int OPS = 6000;
    private static final int KEYS = 24;

    /** One context's key range and model. */
    private static final class Actor {
        final int base;
        final SplittableRandom rnd;
        final Map<Integer, Long> model = new HashMap<>();
        final AtomicLong failures = new AtomicLong();

        Actor(int base, long seed) {
            this.base = base;
            this.rnd = new SplittableRandom(seed);
        }
    }

    /** Map-specific key and lookup handling. */
    private interface Target {
        byte[] key(int k);

        BpfMap map();
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(ints = {0, MapFlags.BPF_F_NO_PREALLOC})
    void hashMapMatchesModel(int flags) throws Exception {
        SimMachine m = Maps.machine(CPUS);
        // Fewer entries than keys: inserts also hit -E2BIG and the free lists run dry.
        HtabMap h = (HtabMap) MapFactory.create(Maps.def(MapType.HASH, 4, 8, 3 * CPUS * KEYS / 2, flags), m,
                m.memory());
        Target t = new Target() {
            public byte[] key(int k) {
                return u32(k);
            }

            public BpfMap map() {
                return h;
            }
        };
        List<Actor> actors = run(m, t);
        check(t, actors);
        assertEquals(modelSize(actors), h.elementCount());
        if (flags == 0) {
            assertEquals(h.def().maxEntries() + CPUS, h.elementCount() + h.availableElements(),
                    "elements in the map + on free lists + spares");
        }
        for (RqSpinLock l : h.internalLocks()) {
            assertEquals(0, l.word(), l.toString());
        }
        assertHeldTablesEmpty(m);
    }

    @Test
    void lpmTrieMatchesModel() throws Exception {
        SimMachine m = Maps.machine(CPUS);
        LpmTrieMap trie = (LpmTrieMap) MapFactory.create(Maps.def(MapType.LPM_TRIE, 8, 8, 3 * CPUS * KEYS / 2,
                MapFlags.BPF_F_NO_PREALLOC), m, m.memory());
        Target t = new Target() {
            public byte[] key(int k) {
                // Full-length prefixes: exact matches, so each actor's model predicts its lookups.
                return LpmTrieTest.key(32, new byte[] {(byte) (k >>> 24), (byte) (k >>> 16), (byte) (k >>> 8), (byte) k});
            }

            public BpfMap map() {
                return trie;
            }
        };
        List<Actor> actors = run(m, t);
        check(t, actors);
        assertEquals(modelSize(actors), trie.count());
        assertEquals(0, trie.trieLock().word());
        assertHeldTablesEmpty(m);
    }

    private static List<Actor> run(SimMachine m, Target t) throws Exception {
        List<Actor> actors = new ArrayList<>();
        List<CpuThread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < CPUS; c++) {
            Actor task = new Actor(c * 1000, 100 + c);
            Actor nmi = new Actor(c * 1000 + 500, 200 + c);
            actors.add(task);
            actors.add(nmi);
            SimCpu cpu = m.cpu(c);
            cpu.addInterruptSource(InterruptSource.stepped(CpuContext.NMI, 7, () -> step(t, nmi, errors)));
            threads.add(cpu.newThread("cpu" + c, () -> {
                for (int i = 0; i < OPS && errors.isEmpty(); i++) {
                    step(t, task, errors);
                    SimCpu.current().interruptPoint();
                }
                SimCpu.current().clearInterruptSources();
            }));
        }
        threads.forEach(Thread::start);
        for (CpuThread th : threads) {
            th.join(60_000);
            assertFalse(th.isAlive(), "watchdog: " + th.getName() + " still running");
        }
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        return actors;
    }

    /** One random operation of {@code a}, checked against and applied to its model. */
    private static void step(Target t, Actor a, ConcurrentLinkedQueue<Throwable> errors) {
        try {
            BpfMap map = t.map();
            int k = a.base + a.rnd.nextInt(KEYS);
            byte[] key = t.key(k);
            int op = a.rnd.nextInt(10);
            if (op < 5) {
                long v = a.rnd.nextLong();
                long flags = a.rnd.nextInt(3);
                int r = map.update(key, 0, u64(v), 0, flags);
                boolean present = a.model.containsKey(k);
                if (r == 0) {
                    assertTrue(flags == MapFlags.BPF_ANY || (flags == MapFlags.BPF_EXIST) == present);
                    a.model.put(k, v);
                } else {
                    a.failures.incrementAndGet();
                }
            } else if (op < 7) {
                int r = map.delete(key, 0);
                if (r == 0) {
                    assertNotNull(a.model.remove(k), "deleted a key the model does not have");
                } else {
                    a.failures.incrementAndGet();
                }
            } else {
                long p = map.lookup(key, 0);
                Long want = a.model.get(k);
                assertEquals(want != null, p != 0, "lookup presence of " + k);
                if (p != 0) {
                    assertEquals((long) want, SimCpu.current().machine().memory().load(p, 8), "value of " + k);
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private static void check(Target t, List<Actor> actors) {
        Map<String, byte[]> dump = new HashMap<>();
        for (MapEntry e : t.map().dump()) {
            assertEquals(null, dump.put(java.util.HexFormat.of().formatHex(e.key()), e.value()), "duplicate key");
        }
        int expected = 0;
        for (Actor a : actors) {
            for (Map.Entry<Integer, Long> e : a.model.entrySet()) {
                byte[] v = dump.get(java.util.HexFormat.of().formatHex(t.key(e.getKey())));
                assertNotNull(v, "lost key " + e.getKey());
                assertArrayEquals(u64(e.getValue()), v);
                expected++;
            }
        }
        assertEquals(expected, dump.size(), "keys no model has");
    }

    private static int modelSize(List<Actor> actors) {
        return actors.stream().mapToInt(a -> a.model.size()).sum();
    }

    private static void assertHeldTablesEmpty(SimMachine m) {
        for (SimCpu c : m.cpus()) {
            assertEquals(0, c.locks().held().count(), c.toString());
        }
    }
}
