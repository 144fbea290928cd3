package org.rqbpf.verifier;

import org.rqbpf.abi.ProgFlags;
import org.rqbpf.verifier.log.VerifierLog;

/**
 * Verification options.
 *
 * @param logLevel the kernel's {@code log_level} bits ({@link VerifierLog}): 0 no log, 1 the failing path,
 *     2 every path, 4 the statistics
 * @param insnLimit the complexity limit in processed instructions (the kernel's 1,000,000)
 * @param privileged a load by root (CAP_BPF and CAP_PERFMON), as {@code bpftool}, libbpf loaders and the
 *     kernel's selftests load: reads of stack never written are allowed ({@code allow_uninit_stack}),
 *     directly and through helper arguments; false applies the unprivileged rules
 * @param progFlags the load's {@code prog_flags} ({@link ProgFlags}): {@code BPF_F_TEST_STATE_FREQ} stores a
 *     state at every prune point, {@code BPF_F_STRICT_ALIGNMENT} checks the alignment of every access
 */
public record Options(int logLevel, int insnLimit, boolean privileged, int progFlags) {
    public static final int COMPLEXITY_LIMIT = 1_000_000;

    public Options {
        if ((logLevel & ~VerifierLog.MASK) != 0) {
            throw new IllegalArgumentException("log level must be a combination of 1, 2, 4 and 8: " + logLevel);
        }
    }

    /** A privileged load at {@code logLevel}. */
    public static Options level(int logLevel) {
        return new Options(logLevel, COMPLEXITY_LIMIT, true, 0);
    }

    public static Options defaults() {
        return level(1);
    }

    /** The same options for an unprivileged load. */
    public Options unprivileged() {
        return new Options(logLevel, insnLimit, false, progFlags);
    }

    /** The same options with the load's {@code prog_flags}. */
    public Options withProgFlags(int flags) {
        return new Options(logLevel, insnLimit, privileged, flags);
    }

    /** {@code BPF_F_STRICT_ALIGNMENT}: the kernel's {@code env->strict_alignment}. */
    public boolean strictAlignment() {
        return (progFlags & ProgFlags.STRICT_ALIGNMENT) != 0;
    }

    /** {@code BPF_F_TEST_STATE_FREQ}: the kernel's {@code env->test_state_freq}. */
    public boolean testStateFreq() {
        return (progFlags & ProgFlags.TEST_STATE_FREQ) != 0;
    }
}
