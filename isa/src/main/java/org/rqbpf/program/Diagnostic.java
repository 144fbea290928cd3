package org.rqbpf.program;

/**
 * One source or load error: {@code file:line:col: error: message}, with the errno the kernel would
 * return for a load error (EINVAL for plain source errors).
 */
public record Diagnostic(SourcePos pos, int errno, String message) {
    /** {@code file:line:col: error: message}. */
    public String header() {
        return pos + ": error: " + message;
    }

    /**
     * The full C-compiler style rendering: the header line, the source line and a caret under the column.
     *
     * @param sourceText the text of {@code pos.file()}, or null to print only the header
     */
    public String render(String sourceText) {
        if (sourceText == null || pos.line() < 1) {
            return header();
        }
        String[] lines = sourceText.split("\r?\n", -1);
        if (pos.line() > lines.length) {
            return header();
        }
        String line = lines[pos.line() - 1];
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < pos.col() - 1 && i < line.length(); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return header() + "\n" + line + "\n" + caret;
    }
}
