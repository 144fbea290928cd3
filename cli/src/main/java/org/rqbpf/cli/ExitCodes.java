package org.rqbpf.cli;

/**
 * The one exit-code table of the rqbpf CLI. Every command returns one of these; only {@link Main}
 * passes it to {@code System.exit}.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Failures found: failed tests, conformance failures, torture violations. */
    public static final int FAILURES = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** Source or load errors: unreadable file, parse errors, invalid declarations. */
    public static final int LOAD_ERROR = 3;
    /** The verifier rejected a program. */
    public static final int VERIFIER_REJECTED = 4;
    /** A program faulted at run time. */
    public static final int RUNTIME_FAULT = 5;
    /** {@code --kernel}: the host Linux kernel cannot serve (not Linux, no privilege, no res-lock kfuncs). */
    public static final int KERNEL_UNAVAILABLE = 6;
    /** A bug in rqbpf itself. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {}
}
