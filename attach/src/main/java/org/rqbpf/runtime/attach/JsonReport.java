package org.rqbpf.runtime.attach;

import java.util.List;
import java.util.Map;
import org.rqbpf.json.JsonWriter;

/** The attach report as JSON ({@code attach --json}): the same content as {@link TextReport}. */
public final class JsonReport {
    private JsonReport() {}

    public static String render(AttachReport r) {
        return render(r, null);
    }

    /** The report, with the map contents of {@code --dump-maps} when {@code dump} is not null. */
    public static String render(AttachReport r, List<MapDump.Contents> dump) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("file").value(r.file());
        w.name("cpus").value(r.cpus());
        w.name("seed").value(r.seed());
        w.name("requested_ns").value(r.requestedNanos());
        w.name("elapsed_ns").value(r.elapsedNanos());
        w.name("backend").value(r.backend());
        w.name("events").beginArray();
        for (AttachReport.EventReport e : r.events()) {
            w.beginObject().name("name").value(e.name()).name("rate_per_cpu").value(e.ratePerCpu())
                    .name("delivered").value(e.delivered()).name("coalesced").value(e.coalesced()).endObject();
        }
        w.endArray();
        w.name("programs").beginArray();
        for (AttachReport.ProgramReport p : r.programs()) {
            program(w, p);
        }
        w.endArray();
        w.name("maps").beginArray();
        for (AttachReport.MapReport m : r.maps()) {
            w.beginObject().name("name").value(m.name()).name("type").value(m.type()).name("lookups").value(m.lookups())
                    .name("updates").value(m.updates()).name("deletes").value(m.deletes())
                    .name("next_keys").value(m.nextKeys()).name("lock_failures").beginObject()
                    .name("EDEADLK").value(m.edeadlk()).name("ETIMEDOUT").value(m.etimedout()).endObject().endObject();
        }
        w.endArray();
        w.name("lock_outcomes");
        counts(w, r.lockOutcomes());
        w.name("throughput_runs_per_cpu_per_s").value(r.totalRuns() / Math.max(r.elapsedNanos() / 1e9, 1e-9) / r.cpus());
        w.name("runtime_faults").value(r.faults());
        w.name("fault_messages");
        strings(w, r.faultMessages());
        if (dump != null) {
            w.name("map_contents").beginArray();
            for (MapDump.Contents c : dump) {
                w.beginObject().name("name").value(c.name()).name("entries").value(c.entries()).name("lines");
                strings(w, c.lines());
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
        return w + "\n";
    }

    private static void program(JsonWriter w, AttachReport.ProgramReport p) {
        w.beginObject();
        w.name("name").value(p.name());
        w.name("section").value(p.section());
        w.name("hook").value(p.hook());
        w.name("optional").value(p.optional());
        w.name("runs").value(p.runs());
        w.name("misses").value(p.misses());
        w.name("mean_ns").value(p.meanNanos());
        w.name("errors");
        counts(w, p.errors());
        w.name("returns").beginArray();
        for (Map.Entry<Long, Long> e : p.returns().entrySet()) {
            w.beginObject().name("r0").value(e.getKey()).name("count").value(e.getValue())
                    .name("verdict").value(Verdicts.name(p.hook(), e.getKey())).endObject();
        }
        w.endArray();
        w.name("other_returns").value(p.otherReturns());
        w.name("faults").value(p.faults());
        w.name("trace_lines").value(p.traceLines());
        w.name("trace_tail");
        strings(w, p.traceTail());
        w.name("error_lines").value(p.errorLines());
        w.name("error_tail");
        strings(w, p.errorTail());
        w.endObject();
    }

    private static void counts(JsonWriter w, Map<String, Long> m) {
        w.beginObject();
        m.forEach((k, v) -> w.name(k).value(v));
        w.endObject();
    }

    private static void strings(JsonWriter w, List<String> list) {
        w.beginArray();
        list.forEach(w::value);
        w.endArray();
    }
}
