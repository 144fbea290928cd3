package org.rqbpf.runtime.helpers;

import java.nio.charset.StandardCharsets;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;

/**
 * Reads of memory the verifier knows nothing about ({@code bpf_probe_read_kernel}, {@code _user}, their
 * {@code _str} forms and the old {@code bpf_probe_read}) and the current task's identity. Kernel and user
 * addresses are simulated memory: what a program names by address (a map value, its stack, the packet)
 * can be read; any other address faults softly, as {@code copy_from_kernel_nofault} does, and the helper
 * returns -EFAULT with the destination zeroed, or -ERANGE when a kernel read names a user address (the
 * lower half of the address space), as x86's {@code copy_from_kernel_nofault_allowed} refuses.
 */
final class ProbeHelpers {
    private ProbeHelpers() {}

    /** The first address of the kernel half on x86-64: reads below it are of user memory. */
    private static final long KERNEL_HALF = 0x0000_8000_0000_0000L;

    /** {@code bpf_probe_read_kernel(dst, size, unsafe_ptr)}. */
    static final NativeFunction READ_KERNEL = (run, dst, size, src, d, e) -> read(run, dst, size, src, true);

    /** {@code bpf_probe_read_user(dst, size, unsafe_ptr)} and the compat {@code bpf_probe_read}. */
    static final NativeFunction READ_USER = (run, dst, size, src, d, e) -> read(run, dst, size, src, false);

    private static long read(BpfRun run, long dst, long size, long src, boolean kernel) {
        int n = (int) size;
        if (n == 0) {
            return 0;
        }
        if (!HelperMemory.copy(run.memory(), src, dst, n)) {
            HelperMemory.zero(run.memory(), dst, n);
            return fault(src, kernel);
        }
        return 0;
    }

    private static long fault(long address, boolean kernel) {
        return kernel && Long.compareUnsigned(address, KERNEL_HALF) < 0 ? -Errno.ERANGE : -Errno.EFAULT;
    }

    /**
     * {@code bpf_probe_read_kernel_str(dst, size, unsafe_ptr)}: copies up to {@code size - 1} bytes and a NUL,
     * stopping after the first NUL; returns the bytes written including the NUL.
     */
    static final NativeFunction READ_KERNEL_STR = (run, dst, size, src, d, e) -> readString(run, dst, size, src, true);

    /** {@code bpf_probe_read_user_str} and the compat {@code bpf_probe_read_str}. */
    static final NativeFunction READ_USER_STR = (run, dst, size, src, d, e) -> readString(run, dst, size, src, false);

    private static long readString(BpfRun run, long dst, long size, long src, boolean kernel) {
        int n = (int) size;
        if (n == 0) {
            return 0;
        }
        Memory m = run.memory();
        for (int i = 0; i < n; i++) {
            long b;
            try {
                b = i == n - 1 ? 0 : m.load(src + i, 1);
            } catch (MemoryFault f) {
                HelperMemory.zero(m, dst, n);
                return fault(src, kernel);
            }
            m.store(dst + i, 1, b);
            if (b == 0) {
                return i + 1;
            }
        }
        return n;
    }

    /** {@code bpf_get_current_comm(buf, size)}: the task's name, NUL-padded (truncated to {@code size - 1}). */
    static final NativeFunction CURRENT_COMM = (run, buf, size, c, d, e) -> {
        byte[] comm = CurrentTask.of(run.cpu()).comm().getBytes(StandardCharsets.US_ASCII);
        int n = (int) size;
        for (int i = 0; i < n; i++) {
            run.memory().store(buf + i, 1, i < comm.length && i < n - 1 ? comm[i] : 0);
        }
        return 0;
    };

    /** {@code bpf_get_current_uid_gid()}: {@code gid << 32 | uid}; simulated tasks belong to root. */
    static final NativeFunction CURRENT_UID_GID = (run, a, b, c, d, e) -> 0;

    /** {@code bpf_get_current_task()}: the task's address (see {@link CurrentTask#address()}). */
    static final NativeFunction CURRENT_TASK = (run, a, b, c, d, e) -> CurrentTask.of(run.cpu()).address();
}
