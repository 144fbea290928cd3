package org.rqbpf.program;

/** A position in a source file: 1-based line and column; line 0 when only the file is known (an object without line info). */
public record SourcePos(String file, int line, int col) {
    @Override
    public String toString() {
        return line < 1 ? file : file + ":" + line + ":" + col;
    }
}
