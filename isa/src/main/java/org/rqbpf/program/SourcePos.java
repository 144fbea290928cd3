package org.rqbpf.program;

/** A position in a source file: 1-based line and column. */
public record SourcePos(String file, int line, int col) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
