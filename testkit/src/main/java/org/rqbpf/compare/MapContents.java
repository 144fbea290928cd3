package org.rqbpf.compare;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.MapDef;

/**
 * A map's entries in a form both oracles share: hex key to hex value, sorted by key, a per-CPU value as
 * CPU 0's slot (the one a test-run on CPU 0 writes; the slot counts of rqbpf and the host differ).
 */
public final class MapContents {
    private MapContents() {}

    public static Map<String, String> of(MapDef m, List<MapEntry> entries) {
        Map<String, String> out = new TreeMap<>();
        if (entries == null) {
            return out;
        }
        for (MapEntry e : entries) {
            byte[] v = m.type().isPerCpu() && e.value().length > m.valueSize()
                    ? Arrays.copyOf(e.value(), m.valueSize()) : e.value();
            out.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(v));
        }
        return out;
    }
}
