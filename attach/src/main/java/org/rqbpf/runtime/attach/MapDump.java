package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.MapDef;
import org.rqbpf.runtime.load.LoadedFile;

/**
 * {@code attach --dump-maps}: every map's entries after the run, keys and values formatted by their
 * declared types ({@link ValueFormat}); a per-CPU value is shown per CPU. Read through the maps' host
 * paths, so it needs no CPU of its own.
 */
public final class MapDump {
    /** Entries shown per map; the rest are counted. */
    static final int MAX_ENTRIES = 64;

    /** One map's contents: a header and one {@code key: value} line per entry shown. */
    public record Contents(String name, String header, int entries, List<String> lines) {}

    private MapDump() {}

    public static List<Contents> of(LoadedFile file) {
        List<Contents> out = new ArrayList<>();
        for (BpfMap m : file.maps().maps()) {
            List<MapEntry> entries = m.dump();
            String header = String.format("map %s (%s, key %d B, value %d B, max_entries %d): %d entr%s", m.name(),
                    m.type().name(), m.keySize(), m.valueSize(), m.def().maxEntries(), entries.size(),
                    entries.size() == 1 ? "y" : "ies");
            List<String> lines = new ArrayList<>();
            for (MapEntry e : entries) {
                if (lines.size() == MAX_ENTRIES) {
                    lines.add(String.format("... %d more", entries.size() - MAX_ENTRIES));
                    break;
                }
                lines.add(ValueFormat.format(m.def().keyType(), e.key(), 0, e.key().length) + ": " + value(m, e.value()));
            }
            out.add(new Contents(m.name(), header, entries.size(), lines));
        }
        return out;
    }

    /** The dump as text. */
    public static String render(List<Contents> maps) {
        StringBuilder sb = new StringBuilder();
        for (Contents c : maps) {
            sb.append(c.header()).append('\n');
            for (String l : c.lines()) {
                sb.append("  ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    private static String value(BpfMap m, byte[] v) {
        MapDef def = m.def();
        if (!m.type().isPerCpu()) {
            return ValueFormat.format(def.valueType(), v, 0, m.valueSize());
        }
        StringBuilder sb = new StringBuilder();
        int stride = (m.valueSize() + 7) & ~7;
        for (int cpu = 0; cpu * stride < v.length; cpu++) {
            sb.append(cpu == 0 ? "" : "  ").append("cpu").append(cpu).append(' ')
                    .append(ValueFormat.format(def.valueType(), v, cpu * stride, m.valueSize()));
        }
        return sb.toString();
    }
}
