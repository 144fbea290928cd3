package org.rqbpf.grammar;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.SourcePos;

/**
 * Source positions of one file, kept as two int arrays and read as an immutable list of
 * {@link SourcePos}. A program image holds one position per slot; for a large program, a million
 * long-lived position objects would cost the garbage collector more than the whole parse.
 */
final class SourcePositions extends AbstractList<SourcePos> implements RandomAccess {
    private final String file;
    private int[] lines;
    private int[] cols;
    private int size;

    SourcePositions(String file, int capacity) {
        this.file = file;
        this.lines = new int[Math.max(capacity, 8)];
        this.cols = new int[lines.length];
    }

    /** Appends the position of a token (columns are 1-based). */
    void append(Token t) {
        append(t.getLine(), t.getCharPositionInLine() + 1);
    }

    /** Appends {@code count} copies of position {@code i} of {@code from}. */
    void append(SourcePositions from, int i, int count) {
        for (int k = 0; k < count; k++) {
            append(from.lines[i], from.cols[i]);
        }
    }

    private void append(int line, int col) {
        if (size == lines.length) {
            lines = Arrays.copyOf(lines, size * 2);
            cols = Arrays.copyOf(cols, size * 2);
        }
        lines[size] = line;
        cols[size] = col;
        size++;
    }

    @Override
    public SourcePos get(int index) {
        Objects.checkIndex(index, size);
        return new SourcePos(file, lines[index], cols[index]);
    }

    @Override
    public int size() {
        return size;
    }
}
