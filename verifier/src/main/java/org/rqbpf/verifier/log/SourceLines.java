package org.rqbpf.verifier.log;

import java.util.List;
import org.rqbpf.program.LineInfo;

/**
 * The source lines the log shows before instructions (the kernel's {@code verbose_linfo}): before
 * instruction {@code i}, the record in force there (the last one at or before {@code i}) is printed as
 * {@code ; TEXT @ FILE:LINE} (the text left-trimmed, the file without its directories), unless it is the
 * record printed last or names the same file and line. Each pass over a function starts afresh.
 */
public final class SourceLines {
    private final List<LineInfo> records;
    private LineInfo printed;

    public SourceLines(List<LineInfo> records) {
        this.records = records;
    }

    /** Forgets the last printed record, as each {@code do_check_common} pass does. */
    public void reset() {
        printed = null;
    }

    /** The line to print before instruction {@code idx}, or null when there is none to print. */
    public String before(int idx) {
        LineInfo li = inForce(idx);
        if (li == null || li == printed) {
            return null;
        }
        if (printed != null && printed.pos().file().equals(li.pos().file()) && printed.pos().line() == li.pos().line()) {
            return null;
        }
        printed = li;
        String file = li.pos().file();
        String name = file.substring(file.lastIndexOf('/') + 1);
        return "; " + li.text().stripLeading() + " @ " + name + ":" + li.pos().line() + "\n";
    }

    private LineInfo inForce(int idx) {
        int lo = 0;
        int hi = records.size() - 1;
        LineInfo found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).slot() <= idx) {
                found = records.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
