package org.rqbpf.cli;

import java.io.PrintWriter;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.program.Diagnostic;

/**
 * Prints source and load errors C-compiler style: {@code file:line:col: error: message}, the source line
 * and a caret under the column. Unlike {@link Diagnostic#render}, a source line that would wreck a
 * terminal is tamed first: a very long line is cut to a window around the column (marked with
 * {@code ...}), and control characters (say, from a binary file) are shown as {@code ?}; a message
 * quoting a huge token is cut in the middle.
 */
final class DiagnosticPrinter {
    /** Characters of the source line shown on each side of the column when the line is too long. */
    private static final int HALF_WINDOW = 80;
    private static final String CUT = "...";

    private DiagnosticPrinter() {}

    /** Prints each diagnostic; {@code withErrno} appends the errno (a load error's) to its caret line. */
    static void print(List<Diagnostic> diagnostics, String sourceText, boolean withErrno, PrintWriter err) {
        for (Diagnostic d : diagnostics) {
            String text = render(d, sourceText);
            err.println(withErrno ? text + " [" + Errno.name(d.errno()) + "]" : text);
        }
        err.flush();
    }

    static String render(Diagnostic d, String sourceText) {
        String header = header(d);
        if (sourceText == null || d.pos().line() < 1) {
            return header;
        }
        String line = line(sourceText, d.pos().line());
        if (line == null) {
            return header;
        }
        int col = Math.max(0, Math.min(d.pos().col() - 1, line.length()));
        int from = 0;
        int to = line.length();
        if (line.length() > 2 * HALF_WINDOW) {
            from = Math.max(0, col - HALF_WINDOW);
            to = Math.min(line.length(), col + HALF_WINDOW);
        }
        StringBuilder shown = new StringBuilder();
        StringBuilder caret = new StringBuilder();
        if (from > 0) {
            shown.append(CUT);
            caret.append(" ".repeat(CUT.length()));
        }
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            boolean tab = c == '\t';
            shown.append(tab || !Character.isISOControl(c) ? c : '?');
            if (i < col) {
                caret.append(tab ? '\t' : ' ');
            }
        }
        if (to < line.length()) {
            shown.append(CUT);
        }
        caret.append('^');
        return header + "\n" + shown + "\n" + caret;
    }

    /** {@link Diagnostic#header}, with a message that quotes a huge token cut in the middle. */
    private static String header(Diagnostic d) {
        String m = d.message();
        if (m.length() <= 2 * HALF_WINDOW + CUT.length()) {
            return d.header();
        }
        return d.pos() + ": error: " + m.substring(0, HALF_WINDOW) + CUT + m.substring(m.length() - HALF_WINDOW);
    }

    /** Line {@code n} (1-based) of the text, or null when the text is shorter. */
    private static String line(String text, int n) {
        int start = 0;
        for (int i = 1; i < n; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        end = end < 0 ? text.length() : end;
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, end);
    }
}
