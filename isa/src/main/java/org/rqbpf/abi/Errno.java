package org.rqbpf.abi;

/** Linux errno values used by rqbpf (helpers return them negated). */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, E2BIG = 7, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17,
            EINVAL = 22, EDEADLK = 35, EOPNOTSUPP = 95, ETIMEDOUT = 110;

    /** The symbolic name, e.g. {@code EDEADLK} for 35 (or for -35), or the number when unknown. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case EDEADLK -> "EDEADLK";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETIMEDOUT -> "ETIMEDOUT";
            default -> Integer.toString(errno);
        };
    }
}
