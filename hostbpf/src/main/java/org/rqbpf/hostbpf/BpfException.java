package org.rqbpf.hostbpf;

import org.rqbpf.abi.Errno;

/**
 * A {@code bpf(2)} call that failed: the command, the kernel's errno and, where the kernel wrote one,
 * its log (the verifier's or the BTF checker's). The message is one printable line.
 */
public final class BpfException extends Exception {
    private static final long serialVersionUID = 1L;

    private final BpfCommand command;
    private final int errno;
    private final String log;

    BpfException(BpfCommand command, int errno, String what, String log) {
        super(what + ": " + command.kernelName() + " failed with " + Errno.name(errno) + " (" + errno + ")"
                + (lastLine(log).isEmpty() ? "" : ": " + lastLine(log)));
        this.command = command;
        this.errno = errno;
        this.log = log == null ? "" : log;
    }

    public BpfCommand command() {
        return command;
    }

    /** The kernel's errno (positive). */
    public int errno() {
        return errno;
    }

    /** The kernel's log for this call, empty when it wrote none. */
    public String log() {
        return log;
    }

    /** The last non-empty line of {@code log}, or "" for none. */
    static String lastLine(String log) {
        if (log == null) {
            return "";
        }
        String[] lines = log.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
