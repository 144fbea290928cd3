package org.rqbpf.program;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rqbpf.program.Annotations.Message;

/**
 * Matches {@code __msg} / {@code __not_msg} annotations against a log, as the kernel's test loader does:
 * each {@code __msg} is searched after the end of the previous match; a {@code __not_msg} must not occur
 * between the surrounding {@code __msg} matches (from the start, or to the end, when there is none).
 * {@code {{regex}}} inside a message is a regular expression; the rest is literal text.
 */
public final class MessageMatcher {
    private MessageMatcher() {}

    /** Null when every annotation holds, else the reason (also for a {@code {{regex}}} that does not compile). */
    public static String check(List<Message> messages, String log) {
        for (Message m : messages) {
            try {
                m.pattern();
            } catch (PatternSyntaxException e) {
                return "invalid {{regex}} in " + (m.negated() ? "__not_msg" : "__msg") + "(\"" + m.text() + "\")"
                        + (m.pos() != null ? " at " + m.pos() : "") + ": " + e.getDescription();
            }
        }
        int pos = 0;
        int pendingNotFrom = -1;
        Message pendingNot = null;
        for (Message m : messages) {
            Pattern p = m.pattern();
            if (m.negated()) {
                if (pendingNot != null) {
                    String r = checkAbsent(pendingNot, log, pendingNotFrom, log.length());
                    if (r != null) {
                        return r;
                    }
                }
                pendingNot = m;
                pendingNotFrom = pos;
                continue;
            }
            Matcher mt = p.matcher(log);
            if (!mt.find(pos)) {
                return "expected message not found" + (pos > 0 ? " after the previous one" : "") + ": \"" + m.text() + "\"";
            }
            if (pendingNot != null) {
                String r = checkAbsent(pendingNot, log, pendingNotFrom, mt.start());
                if (r != null) {
                    return r;
                }
                pendingNot = null;
            }
            pos = mt.end();
        }
        if (pendingNot != null) {
            return checkAbsent(pendingNot, log, pendingNotFrom, log.length());
        }
        return null;
    }

    private static String checkAbsent(Message m, String log, int from, int to) {
        Matcher mt = m.pattern().matcher(log);
        mt.region(from, to);
        return mt.find() ? "unexpected message found: \"" + m.text() + "\"" : null;
    }
}
