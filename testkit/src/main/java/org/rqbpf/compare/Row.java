package org.rqbpf.compare;

import org.rqbpf.program.Annotations;

/**
 * One annotated program checked on both oracles.
 *
 * @param rqbpfFailure null when the annotation holds on rqbpf, else why not
 * @param linuxFailure null when it holds on Linux, else why not
 * @param linuxNotRun null when Linux checked it, else why it could not (the row then counts in no measure)
 */
public record Row(String file, String program, Annotations annotations, Side rqbpf, Side linux,
        String rqbpfFailure, String linuxFailure, String linuxNotRun) {
    /** {@code file:program}, the key of the known-differences list. */
    public String key() {
        return file + ":" + program;
    }

    public boolean ranOnLinux() {
        return linuxNotRun == null;
    }

    /** The annotation in short: {@code success}, {@code failure}, plus {@code msg xN} and {@code retval=N}. */
    public String annotationSummary() {
        StringBuilder sb = new StringBuilder(annotations.expected() == Annotations.Verdict.FAILURE ? "failure" : "success");
        if (!annotations.messages().isEmpty()) {
            sb.append(" msg x").append(annotations.messages().size());
        }
        if (annotations.retval() != null) {
            sb.append(" retval=").append((int) (long) annotations.retval());
        }
        return sb.toString();
    }
}
