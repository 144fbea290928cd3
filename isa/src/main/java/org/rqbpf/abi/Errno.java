package org.rqbpf.abi;

/** Linux errno values used by rqbpf (helpers return them negated). */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, E2BIG = 7, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16,
            EEXIST = 17, EINVAL = 22, ERANGE = 34, EDEADLK = 35, EOPNOTSUPP = 95, ETIMEDOUT = 110;
    /** The kernel-internal {@code ENOTSUPP} (not {@code EOPNOTSUPP}), which some helpers return. */
    public static final int ENOTSUPP = 524;

    /** The symbolic name, e.g. {@code EDEADLK} for 35 (or for -35), or the number when unknown. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case ERANGE -> "ERANGE";
            case EDEADLK -> "EDEADLK";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ENOTSUPP -> "ENOTSUPP";
            default -> Integer.toString(errno);
        };
    }
}
