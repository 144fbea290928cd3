package org.rqbpf.runtime.attach;

/** A program that cannot be attached, e.g. a kprobe on a function the simulated kernel does not have. */
public final class AttachException extends Exception {
    private static final long serialVersionUID = 1L;

    AttachException(String message) {
        super(message);
    }
}
