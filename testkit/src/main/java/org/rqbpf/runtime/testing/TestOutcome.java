package org.rqbpf.runtime.testing;

/**
 * The result of one annotated program.
 *
 * @param file the file as the runner found it
 * @param program the program name (or {@code *} when the file has no program to name)
 * @param failure null when it passed, else the reason
 * @param retvalUnchecked true when a {@code __retval} was written but no runtime could check it
 */
public record TestOutcome(String file, String program, String failure, boolean retvalUnchecked) {
    public boolean passed() {
        return failure == null;
    }

    /** {@code FAIL file:program: reason}. */
    public String failLine() {
        return "FAIL " + file + ":" + program + ": " + failure;
    }
}
