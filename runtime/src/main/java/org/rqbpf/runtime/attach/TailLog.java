package org.rqbpf.runtime.attach;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.runtime.RunLog;

/**
 * The per-program streams of an attached program (runtime.md "Per-run streams"): the last lines of its
 * trace log and of its error stream, from every CPU, plus how many lines each received in all.
 */
final class TailLog implements RunLog {
    private final int keep;
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final ArrayDeque<String> errors = new ArrayDeque<>();
    private long traceLines;
    private long errorLines;

    TailLog(int keep) {
        this.keep = keep;
    }

    @Override
    public synchronized void trace(String text) {
        traceLines += append(trace, text);
    }

    @Override
    public synchronized void error(String text) {
        errorLines += append(errors, text);
    }

    private int append(ArrayDeque<String> q, String text) {
        int n = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (q.size() == keep) {
                q.removeFirst();
            }
            q.addLast(line);
            n++;
        }
        return n;
    }

    synchronized List<String> traceTail() {
        return new ArrayList<>(trace);
    }

    synchronized List<String> errorTail() {
        return new ArrayList<>(errors);
    }

    synchronized long traceLines() {
        return traceLines;
    }

    synchronized long errorLines() {
        return errorLines;
    }
}
