package org.rqbpf.compare;

import org.rqbpf.program.Annotations;
import org.rqbpf.program.MessageMatcher;

/**
 * Whether an oracle's answer satisfies a program's annotations, by the rules {@code rqbpf test} applies
 * to rqbpf: the verdict, every {@code __msg} / {@code __not_msg} in the log, and {@code __retval}
 * (compared in its low 32 bits) for accepted programs.
 */
final class AnnotationCheck {
    private AnnotationCheck() {}

    /** Null when {@code s} satisfies {@code a}, else the reason. */
    static String check(Annotations a, Side s) {
        boolean wantAccept = a.expected() != Annotations.Verdict.FAILURE;
        if (s.accepted() != wantAccept) {
            return s.accepted() ? "accepted, expected rejection" : "rejected, expected acceptance: " + s.errorLine();
        }
        String msg = MessageMatcher.check(a.messages(), s.log());
        if (msg != null) {
            return msg;
        }
        if (a.retval() != null && s.accepted()) {
            if (s.retval() == null) {
                return null;
            }
            if ((int) (long) s.retval() != (int) (long) a.retval()) {
                return "retval " + (int) (long) s.retval() + ", expected " + (int) (long) a.retval();
            }
        }
        return null;
    }
}
