package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.rqbpf.abi.Errno;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.SourcePos;

/**
 * Collects the source errors of one file, each at its token's position. Messages quote what the user
 * wrote in {@code '...'} or {@code "..."}, numbers bare; a quoted text or a word longer than
 * {@link #MAX_QUOTED} characters is cut in the middle here, so that no caller has to guard against a
 * 100k-character name or number.
 */
final class Diagnostics {
    static final int MAX_QUOTED = 40;
    private static final String CUT = "...";

    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();

    Diagnostics(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    SourcePos pos(Token t) {
        return new SourcePos(file, t.getLine(), t.getCharPositionInLine() + 1);
    }

    /** The position just after token {@code t}, where something missing after it belongs. */
    SourcePos after(Token t) {
        return new SourcePos(file, t.getLine(), t.getCharPositionInLine() + t.getText().length() + 1);
    }

    void error(Token at, String message) {
        error(pos(at), message);
    }

    void error(SourcePos at, String message) {
        errors.add(new Diagnostic(at, Errno.EINVAL, shorten(message)));
    }

    /**
     * The message with each quoted text, and each unquoted word (a number), of over {@link #MAX_QUOTED}
     * characters cut to that many with "..." in the middle.
     */
    static String shorten(String message) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int close = isQuote(c) ? message.indexOf(c, i + 1) : -1;
            int from = close >= 0 ? i + 1 : i;
            int to = close >= 0 ? close : wordEnd(message, i + 1);
            if (to - from > MAX_QUOTED) {
                out = out != null ? out : new StringBuilder(message.length());
                int head = (MAX_QUOTED - CUT.length()) / 2;
                out.append(message, copied, from + head).append(CUT).append(message, to - (MAX_QUOTED - CUT.length() - head), to);
                copied = to;
            }
            i = close >= 0 ? close + 1 : to;
        }
        return out == null ? message : out.append(message, copied, message.length()).toString();
    }

    private static int wordEnd(String message, int from) {
        int to = from;
        while (to < message.length() && !Character.isWhitespace(message.charAt(to)) && !isQuote(message.charAt(to))) {
            to++;
        }
        return to;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The number of errors so far, to count or {@link #rollback} what follows. */
    int mark() {
        return errors.size();
    }

    /** Drops the errors reported since {@code mark}: they belong to a parse attempt that is being redone. */
    void rollback(int mark) {
        errors.subList(mark, errors.size()).clear();
    }

    /** The errors in source order (a stable sort keeps the order of errors at one position). */
    List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().col()));
        return List.copyOf(out);
    }
}
