package org.rqbpf.compare;

import java.util.List;
import java.util.Map;
import org.rqbpf.json.JsonWriter;

/** {@code rqbpf test --kernel --json}: the rows and the agreement measures as one JSON object. */
public final class ComparisonJson {
    private ComparisonJson() {}

    public static String of(List<Row> rows, Map<String, List<Row>> byFolder, String kernelRelease) {
        JsonWriter w = new JsonWriter().beginObject().name("kernel").value(kernelRelease).name("rows").beginArray();
        for (Row r : rows) {
            w.beginObject().name("file").value(r.file()).name("program").value(r.program())
                    .name("annotation").value(r.annotationSummary());
            side(w.name("rqbpf"), r.rqbpf(), r.rqbpfFailure());
            side(w.name("linux"), r.ranOnLinux() || r.linux() != null ? r.linux() : null, r.linuxFailure());
            w.name("linux_not_run").value(r.linuxNotRun()).endObject();
        }
        w.endArray().name("folders").beginObject();
        for (Map.Entry<String, List<Row>> e : byFolder.entrySet()) {
            measures(w.name(e.getKey()), Agreement.of(e.getValue()));
        }
        w.endObject();
        measures(w.name("all"), Agreement.of(rows));
        return w.endObject().toString();
    }

    private static void side(JsonWriter w, Side s, String failure) {
        if (s == null) {
            w.value((String) null);
            return;
        }
        w.beginObject().name("accepted").value(s.accepted()).name("errno").value(s.errno())
                .name("error").value(s.errorLine()).name("retval");
        if (s.retval() == null) {
            w.value((String) null);
        } else {
            w.value((int) (long) s.retval());
        }
        w.name("holds").value(failure == null).name("failure").value(failure).endObject();
    }

    private static void measures(JsonWriter w, Agreement a) {
        w.beginObject().name("programs").value(a.programs()).name("not_run_on_linux").value(a.notRunOnLinux());
        ratio(w, "same_verdict", a.sameVerdict());
        ratio(w, "linux_accepts_rqbpf_rejects", a.linuxAcceptsRqbpfRejects());
        ratio(w, "linux_rejects_rqbpf_accepts", a.linuxRejectsRqbpfAccepts());
        ratio(w, "holds_on_linux", a.holdsOnLinux());
        ratio(w, "holds_on_rqbpf", a.holdsOnRqbpf());
        ratio(w, "msg_in_linux_log", a.msgInLinuxLog());
        ratio(w, "same_first_error_line", a.sameFirstErrorLine());
        ratio(w, "same_errno", a.sameErrno());
        ratio(w, "retval_on_linux", a.retvalOnLinux());
        w.endObject();
    }

    private static void ratio(JsonWriter w, String name, Agreement.Ratio r) {
        w.name(name).beginObject().name("hits").value(r.hits()).name("total").value(r.total()).endObject();
    }
}
