package org.rqbpf.program;

/**
 * A file that no front end could turn into a {@link Program}: source errors in a {@code .bpf} file, a
 * malformed object. The message is complete and printable (every error, rendered with its position).
 */
public final class ProgramSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProgramSourceException(String message) {
        super(message);
    }
}
