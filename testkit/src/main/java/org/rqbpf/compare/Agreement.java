package org.rqbpf.compare;

import java.util.List;
import java.util.Locale;
import org.rqbpf.program.Annotations;

/**
 * The agreement measures of a set of rows (issue 13's table): same verdict; the annotation holds on
 * Linux (and on rqbpf); each {@code __msg} found in Linux's log; same first error line and same errno
 * where both reject; {@code __retval} holds on Linux. Rows Linux did not check count in none.
 */
public record Agreement(int programs, int notRunOnLinux, Ratio sameVerdict, Ratio linuxAcceptsRqbpfRejects,
        Ratio linuxRejectsRqbpfAccepts, Ratio holdsOnLinux, Ratio holdsOnRqbpf, Ratio msgInLinuxLog,
        Ratio sameFirstErrorLine, Ratio sameErrno, Ratio retvalOnLinux) {

    /** {@code hits} of {@code total}. */
    public record Ratio(int hits, int total) {
        @Override
        public String toString() {
            return total == 0 ? hits + "/0" : String.format(Locale.ROOT, "%d/%d = %.1f%%", hits, total, 100.0 * hits / total);
        }
    }

    public static Agreement of(List<Row> rows) {
        int programs = rows.size(), notRun = 0, compared = 0, same = 0, laRr = 0, lrRa = 0, holdsL = 0, holdsR = 0;
        int msgHit = 0, msgAll = 0, bothRej = 0, sameLine = 0, sameErrno = 0, retHit = 0, retAll = 0;
        for (Row r : rows) {
            holdsR += r.rqbpfFailure() == null ? 1 : 0;
            if (!r.ranOnLinux()) {
                notRun++;
                continue;
            }
            compared++;
            boolean ra = r.rqbpf().accepted(), la = r.linux().accepted();
            same += ra == la ? 1 : 0;
            laRr += la && !ra ? 1 : 0;
            lrRa += !la && ra ? 1 : 0;
            holdsL += r.linuxFailure() == null ? 1 : 0;
            for (Annotations.Message m : r.annotations().messages()) {
                if (!m.negated()) {
                    msgAll++;
                    msgHit += m.pattern().matcher(r.linux().log()).find() ? 1 : 0;
                }
            }
            if (!ra && !la) {
                bothRej++;
                sameLine += r.rqbpf().errorLine().equals(r.linux().errorLine()) ? 1 : 0;
                sameErrno += r.rqbpf().errno() == r.linux().errno() ? 1 : 0;
            }
            if (r.annotations().retval() != null && la && r.linux().retval() != null) {
                retAll++;
                retHit += (int) (long) r.linux().retval() == (int) (long) r.annotations().retval() ? 1 : 0;
            }
        }
        return new Agreement(programs, notRun, new Ratio(same, compared), new Ratio(laRr, compared),
                new Ratio(lrRa, compared), new Ratio(holdsL, compared), new Ratio(holdsR, programs),
                new Ratio(msgHit, msgAll), new Ratio(sameLine, bothRej), new Ratio(sameErrno, bothRej),
                new Ratio(retHit, retAll));
    }
}
