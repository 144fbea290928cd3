package org.rqbpf.verifier;

import org.rqbpf.abi.Errno;

/**
 * A rule violation found while verifying: ends verification with this message (printed last in the log)
 * and errno. Internal to the verifier; callers see a {@link VerifierResult}.
 */
public final class VerifyError extends Exception {
    private final int errno;

    public VerifyError(String message) {
        this(Errno.EINVAL, message);
    }

    public VerifyError(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public static VerifyError eacces(String message) {
        return new VerifyError(Errno.EACCES, message);
    }

    public int errno() {
        return errno;
    }
}
