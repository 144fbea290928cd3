package org.rqbpf.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Simulated kernel functions inside map updates that kprobes attach to (runtime.md hook catalogue):
 * {@code htab_map_update_elem} and {@code trie_update_elem}. Both fire on the updating CPU while the
 * bucket / trie lock is held, right before the map's interrupt point, so a probe program that updates the
 * same bucket gets {@code -EDEADLK}. One registry is shared by the maps of one loaded object (see
 * {@link MapFactory}).
 *
 * <p>With nothing registered a firing costs one volatile field read.
 */
public final class MapHooks {
    /** Which simulated kernel function. */
    public enum Point {
        HTAB_MAP_UPDATE_ELEM("htab_map_update_elem"), TRIE_UPDATE_ELEM("trie_update_elem");

        private final String function;

        Point(String function) {
            this.function = function;
        }

        /** The kernel function name a {@code kprobe/<function>} section names. */
        public String function() {
            return function;
        }

        /** The point for a kernel function name, or null. */
        public static Point byFunction(String name) {
            for (Point p : values()) {
                if (p.function.equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * A probe on an update hook point, called with the map and the update's arguments where they lie
     * (program memory or a host buffer). It runs on the updating CPU with the map lock held: it must not
     * keep the arrays.
     */
    @FunctionalInterface
    public interface UpdateProbe {
        void fire(BpfMap map, byte[] key, int keyOff, byte[] value, int valueOff, long flags);
    }

    /** Handle of a registration. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<UpdateProbe>[] probes;
    private volatile UpdateProbe htab;
    private volatile UpdateProbe trie;

    @SuppressWarnings("unchecked")
    public MapHooks() {
        probes = new List[Point.values().length];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = new ArrayList<>();
        }
    }

    /** Registers {@code probe} at {@code point}; probes of one point fire in registration order. */
    public synchronized Registration register(Point point, UpdateProbe probe) {
        Objects.requireNonNull(probe, "probe");
        probes[point.ordinal()].add(probe);
        publish(point);
        return () -> {
            synchronized (MapHooks.this) {
                probes[point.ordinal()].remove(probe);
                publish(point);
            }
        };
    }

    /** {@code register(HTAB_MAP_UPDATE_ELEM, probe)}. */
    public Registration onHtabUpdate(UpdateProbe probe) {
        return register(Point.HTAB_MAP_UPDATE_ELEM, probe);
    }

    /** {@code register(TRIE_UPDATE_ELEM, probe)}. */
    public Registration onTrieUpdate(UpdateProbe probe) {
        return register(Point.TRIE_UPDATE_ELEM, probe);
    }

    private void publish(Point point) {
        UpdateProbe[] list = probes[point.ordinal()].toArray(new UpdateProbe[0]);
        UpdateProbe combined = switch (list.length) {
            case 0 -> null;
            case 1 -> list[0];
            default -> (m, k, ko, v, vo, f) -> {
                for (UpdateProbe p : list) {
                    p.fire(m, k, ko, v, vo, f);
                }
            };
        };
        if (point == Point.HTAB_MAP_UPDATE_ELEM) {
            htab = combined;
        } else {
            trie = combined;
        }
    }

    void fireHtabUpdate(BpfMap map, byte[] key, int keyOff, byte[] value, int valueOff, long flags) {
        UpdateProbe p = htab;
        if (p != null) {
            p.fire(map, key, keyOff, value, valueOff, flags);
        }
    }

    void fireTrieUpdate(BpfMap map, byte[] key, int keyOff, byte[] value, int valueOff, long flags) {
        UpdateProbe p = trie;
        if (p != null) {
            p.fire(map, key, keyOff, value, valueOff, flags);
        }
    }
}
