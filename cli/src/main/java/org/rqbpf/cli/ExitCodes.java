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

    /** The table as every command's {@code --help} lists it (picocli's exit-code list: code, meaning). */
    static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(" " + OK, "ok");
        m.put(" " + FAILURES, "failures found (tests, conformance, torture, a difference from Linux)");
        m.put(" " + USAGE, "bad command line");
        m.put(" " + LOAD_ERROR, "source or load error (unreadable file, parse errors, invalid declarations)");
        m.put(" " + VERIFIER_REJECTED, "the verifier rejected a program");
        m.put(" " + RUNTIME_FAULT, "a program faulted at run time");
        m.put(" " + KERNEL_UNAVAILABLE, "--kernel: the host Linux kernel cannot serve");
        m.put(String.valueOf(INTERNAL_ERROR), "internal error (a bug in rqbpf; --stacktrace shows it)");
        return m;
    }
}
