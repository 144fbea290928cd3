package org.rqbpf.speed;

/** A benchmark that cannot go on: a program refused or faulting on one engine, or the kernel failing. */
public final class BenchException extends Exception {
    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }

    public BenchException(String message) {
        super(message);
    }
}
