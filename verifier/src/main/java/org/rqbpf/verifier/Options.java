package org.rqbpf.verifier;

/**
 * Verification options.
 *
 * @param logLevel 0 (no log), 1 (the failing path), 2 (every instruction with its state)
 * @param insnLimit the complexity limit in processed instructions (the kernel's 1,000,000)
 */
public record Options(int logLevel, int insnLimit) {
    public static final int COMPLEXITY_LIMIT = 1_000_000;

    public Options {
        if (logLevel < 0 || logLevel > 2) {
            throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        }
    }

    public static Options level(int logLevel) {
        return new Options(logLevel, COMPLEXITY_LIMIT);
    }

    public static Options defaults() {
        return level(1);
    }
}
