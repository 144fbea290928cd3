package org.rqbpf.compare;

import java.util.List;
import java.util.Map;

/** {@code rqbpf test --kernel --json}: the rows and the agreement measures as one JSON object. */
public final class ComparisonJson {
    private ComparisonJson() {}

    public static String of(List<Row> rows, Map<String, List<Row>> byFolder, String kernelRelease) {
        StringBuilder sb = new StringBuilder("{\"kernel\":").append(str(kernelRelease)).append(",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"file\":").append(str(r.file()))
                    .append(",\"program\":").append(str(r.program()))
                    .append(",\"annotation\":").append(str(r.annotationSummary()))
                    .append(",\"rqbpf\":").append(side(r.rqbpf(), r.rqbpfFailure()))
                    .append(",\"linux\":").append(r.ranOnLinux() || r.linux() != null ? side(r.linux(), r.linuxFailure()) : "null")
                    .append(",\"linux_not_run\":").append(str(r.linuxNotRun())).append('}');
        }
        sb.append("],\"folders\":{");
        boolean first = true;
        for (Map.Entry<String, List<Row>> e : byFolder.entrySet()) {
            sb.append(first ? "" : ",").append(str(e.getKey())).append(':').append(measures(Agreement.of(e.getValue())));
            first = false;
        }
        sb.append("},\"all\":").append(measures(Agreement.of(rows))).append('}');
        return sb.toString();
    }

    private static String side(Side s, String failure) {
        if (s == null) {
            return "null";
        }
        return "{\"accepted\":" + s.accepted() + ",\"errno\":" + s.errno() + ",\"error\":" + str(s.errorLine())
                + ",\"retval\":" + (s.retval() == null ? "null" : Integer.toString((int) (long) s.retval()))
                + ",\"holds\":" + (failure == null) + ",\"failure\":" + str(failure) + "}";
    }

    private static String measures(Agreement a) {
        return "{\"programs\":" + a.programs() + ",\"not_run_on_linux\":" + a.notRunOnLinux()
                + ",\"same_verdict\":" + ratio(a.sameVerdict())
                + ",\"linux_accepts_rqbpf_rejects\":" + ratio(a.linuxAcceptsRqbpfRejects())
                + ",\"linux_rejects_rqbpf_accepts\":" + ratio(a.linuxRejectsRqbpfAccepts())
                + ",\"holds_on_linux\":" + ratio(a.holdsOnLinux()) + ",\"holds_on_rqbpf\":" + ratio(a.holdsOnRqbpf())
                + ",\"msg_in_linux_log\":" + ratio(a.msgInLinuxLog()) + ",\"same_first_error_line\":" + ratio(a.sameFirstErrorLine())
                + ",\"same_errno\":" + ratio(a.sameErrno()) + ",\"retval_on_linux\":" + ratio(a.retvalOnLinux()) + "}";
    }

    private static String ratio(Agreement.Ratio r) {
        return "{\"hits\":" + r.hits() + ",\"total\":" + r.total() + "}";
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
