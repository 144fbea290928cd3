package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.rqbpf.abi.Errno;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.SourcePos;

/** Collects the source errors of one file, each at its token's position. */
final class Diagnostics {
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

    void error(Token at, String message) {
        errors.add(new Diagnostic(pos(at), Errno.EINVAL, message));
    }

    void error(SourcePos at, String message) {
        errors.add(new Diagnostic(at, Errno.EINVAL, message));
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
