package org.rqbpf.maps;

import org.rqbpf.abi.Errno;

/** A map declaration the kernel would refuse at creation time, with the errno it would return. */
public final class MapCreationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    MapCreationException(int errno, String message) {
        super(message + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    /** The positive errno ({@code EINVAL}, {@code E2BIG}...). */
    public int errno() {
        return errno;
    }
}
