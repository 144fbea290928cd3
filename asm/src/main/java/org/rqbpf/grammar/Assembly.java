package org.rqbpf.grammar;

import java.util.List;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.Program;

/**
 * The result of assembling one {@code .bpf} file.
 *
 * @param program the assembled file, or null when there were source errors
 * @param errors every source error of the file (empty on success); declaration errors that the kernel
 *     reports at map creation are not here but in {@link Program#loadErrors()}
 * @param sourceText the file's text, for rendering errors with their source line
 */
public record Assembly(Program program, List<Diagnostic> errors, String sourceText) {
    public boolean ok() {
        return errors.isEmpty();
    }

    /** Every error rendered C-compiler style, separated by newlines. */
    public String renderErrors() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : errors) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(d.render(sourceText));
        }
        return sb.toString();
    }
}
