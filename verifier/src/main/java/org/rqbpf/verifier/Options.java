package org.rqbpf.verifier;

/**
 * Verification options.
 *
 * @param logLevel 0 (no log), 1 (the failing path), 2 (every instruction with its state)
 * @param insnLimit the complexity limit in processed instructions (the kernel's 1,000,000)
 * @param privileged a load by root (CAP_BPF and CAP_PERFMON), as {@code bpftool}, libbpf loaders and the
 *     kernel's selftests load: reads of stack never written are allowed ({@code allow_uninit_stack}),
 *     directly and through helper arguments; false applies the unprivileged rules
 */
public record Options(int logLevel, int insnLimit, boolean privileged) {
    public static final int COMPLEXITY_LIMIT = 1_000_000;

    public Options {
        if (logLevel < 0 || logLevel > 2) {
            throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        }
    }

    /** A privileged load at {@code logLevel}. */
    public static Options level(int logLevel) {
        return new Options(logLevel, COMPLEXITY_LIMIT, true);
    }

    public static Options defaults() {
        return level(1);
    }

    /** The same options for an unprivileged load. */
    public Options unprivileged() {
        return new Options(logLevel, insnLimit, false);
    }
}
