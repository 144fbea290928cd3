package org.rqbpf.maps;

import org.rqbpf.abi.Errno;
import org.rqbpf.program.MapFlags;

/** The kernel's checks of {@code bpf_map_update_elem} flags (u64, compared unsigned). */
final class UpdateFlags {
    private UpdateFlags() {}

    /** {@code (flags & ~BPF_F_LOCK) > BPF_EXIST}: unknown flags. */
    static boolean invalidWithLock(long flags) {
        return Long.compareUnsigned(flags & ~(long) MapFlags.BPF_F_LOCK, MapFlags.BPF_EXIST) > 0;
    }

    /** {@code flags > BPF_EXIST}: maps that do not support {@code BPF_F_LOCK}. */
    static boolean invalidWithoutLock(long flags) {
        return Long.compareUnsigned(flags, MapFlags.BPF_EXIST) > 0;
    }

    static boolean lock(long flags) {
        return (flags & MapFlags.BPF_F_LOCK) != 0;
    }

    /** The kernel's {@code check_flags}: -EEXIST / -ENOENT against the old element, else 0. */
    static int check(boolean exists, long flags) {
        long op = flags & ~(long) MapFlags.BPF_F_LOCK;
        if (exists && op == MapFlags.BPF_NOEXIST) {
            return -Errno.EEXIST;
        }
        if (!exists && op == MapFlags.BPF_EXIST) {
            return -Errno.ENOENT;
        }
        return 0;
    }
}
