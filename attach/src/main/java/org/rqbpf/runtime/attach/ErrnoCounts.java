package org.rqbpf.runtime.attach;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rqbpf.abi.Errno;

/**
 * Negative returns of a program's helper and kfunc calls, by errno: what the program was told, e.g.
 * {@code -EDEADLK} from {@code bpf_res_spin_lock} or {@code bpf_map_update_elem}. A return counts when it
 * is in {@code [-4095, -1]}, Linux's range of error values.
 */
final class ErrnoCounts {
    static final int[] KNOWN = {Errno.EPERM, Errno.ENOENT, Errno.E2BIG, Errno.ENOMEM, Errno.EACCES, Errno.EBUSY,
        Errno.EEXIST, Errno.EINVAL, Errno.EDEADLK, Errno.EOPNOTSUPP, Errno.ETIMEDOUT};
    private static final int OTHER = KNOWN.length;
    static final int SLOTS = KNOWN.length + 1;
    private static final int MAX_ERRNO = 4095;

    private final PerCpuCounters counts;

    ErrnoCounts(int cpus) {
        counts = new PerCpuCounters(cpus, SLOTS);
    }

    /**
     * Counts a helper's return when it is an errno: helpers return a {@code long}, so only a negative
     * 64-bit value in [-4095, -1] is one (a time whose low 32 bits look negative is not).
     */
    void recordHelper(int cpu, long r0) {
        if (r0 < 0 && r0 >= -MAX_ERRNO) {
            counts.add(cpu, slot((int) -r0), 1);
        }
    }

    /** Counts an {@code int}-returning kfunc's result (its low 32 bits, as Linux's eax) when it is an errno. */
    void recordInt(int cpu, long r0) {
        int result = (int) r0;
        if (result < 0 && result >= -MAX_ERRNO) {
            counts.add(cpu, slot(-result), 1);
        }
    }

    private static int slot(int errno) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i] == errno) {
                return i;
            }
        }
        return OTHER;
    }

    /** Count of {@code -errno} returns (0 for an errno outside {@link #KNOWN}). */
    long get(int errno) {
        int s = slot(errno);
        return s == OTHER ? 0 : counts.sum(s);
    }

    /** Non-zero counts by errno name, in {@link #KNOWN} order, then {@code other}. */
    Map<String, Long> nonZero() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < KNOWN.length; i++) {
            long n = counts.sum(i);
            if (n != 0) {
                out.put(Errno.name(KNOWN[i]), n);
            }
        }
        long other = counts.sum(OTHER);
        if (other != 0) {
            out.put("other", other);
        }
        return out;
    }
}
