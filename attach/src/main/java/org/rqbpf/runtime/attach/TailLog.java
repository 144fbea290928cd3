package org.rqbpf.runtime.attach;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.runtime.RunLog;

/**
 * The per-program streams of an attached program (runtime.md "Per-run streams"), from every CPU: the
 * last few entries of its trace log ({@code bpf_trace_printk} outputs) and of its error stream (whole
 * failed-lock reports), plus how many lines each received in all.
 */
final class TailLog implements RunLog {
    private final int keepTraces;
    private final int keepErrors;
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final ArrayDeque<String> errors = new ArrayDeque<>();
    private long traceLines;
    private long errorLines;

    TailLog(int keepTraces, int keepErrors) {
        this.keepTraces = keepTraces;
        this.keepErrors = keepErrors;
    }

    @Override
    public synchronized void trace(String text) {
        traceLines += keep(trace, keepTraces, text);
    }

    @Override
    public synchronized void error(String text) {
        errorLines += keep(errors, keepErrors, text);
    }

    private static long keep(ArrayDeque<String> q, int max, String text) {
        if (q.size() == max) {
            q.removeFirst();
        }
        q.addLast(text);
        return lines(text).size();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> flatten(ArrayDeque<String> q) {
        List<String> out = new ArrayList<>();
        for (String entry : q) {
            out.addAll(lines(entry));
        }
        return out;
    }

    /** The lines of the last trace entries, oldest first. */
    synchronized List<String> traceTail() {
        return flatten(trace);
    }

    /** The lines of the last error reports, oldest first. */
    synchronized List<String> errorTail() {
        return flatten(errors);
    }

    synchronized long traceLines() {
        return traceLines;
    }

    synchronized long errorLines() {
        return errorLines;
    }
}
