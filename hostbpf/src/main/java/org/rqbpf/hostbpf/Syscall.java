package org.rqbpf.hostbpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The two libc entry points the binding needs: {@code syscall(SYS_bpf, cmd, attr, size)} and
 * {@code close(fd)}. Loaded lazily, so a JVM that never talks to the kernel never loads JNA's native
 * library; on a system without it, {@link #available()} says why.
 */
final class Syscall {
    /** {@code SYS_bpf} per architecture. */
    static final long SYS_BPF_X86_64 = 321, SYS_BPF_AARCH64 = 280;
    /** {@code sizeof(cpu_set_t)} in glibc: 1024 CPUs. */
    static final int CPU_SET_BYTES = 128;

    interface LibC extends Library {
        long syscall(long number, int cmd, Pointer attr, int size) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int sched_getaffinity(int pid, long size, Pointer mask) throws LastErrorException;

        int sched_setaffinity(int pid, long size, Pointer mask) throws LastErrorException;
    }

    private static volatile LibC libc;

    private Syscall() {}

    /** The syscall number of {@code bpf} on this machine, or -1 on an architecture the binding does not know. */
    static long bpfNumber() {
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> SYS_BPF_X86_64;
            case "aarch64", "arm64" -> SYS_BPF_AARCH64;
            default -> -1;
        };
    }

    /** Null when the binding can call into libc, else why not (one line). */
    static String available() {
        if (!System.getProperty("os.name", "").toLowerCase().startsWith("linux")) {
            return "not Linux (" + System.getProperty("os.name") + ")";
        }
        if (bpfNumber() < 0) {
            return "no bpf(2) syscall number known for architecture " + System.getProperty("os.arch");
        }
        try {
            lib();
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "cannot load libc through JNA: " + e.getMessage();
        }
    }

    static LibC lib() {
        LibC l = libc;
        if (l == null) {
            synchronized (Syscall.class) {
                if (libc == null) {
                    libc = Native.load("c", LibC.class);
                }
                l = libc;
            }
        }
        return l;
    }

    /** {@code bpf(cmd, attr, size)}; returns the kernel's result or throws with its errno. */
    static long bpf(BpfCommand cmd, Pointer attr, int size) throws LastErrorException {
        return lib().syscall(bpfNumber(), cmd.number, attr, size);
    }

    /** The calling thread's CPU mask (a cpu_set_t of {@code CPU_SET_BYTES}). */
    static Memory affinity() throws LastErrorException {
        Memory mask = new Memory(CPU_SET_BYTES);
        mask.clear();
        lib().sched_getaffinity(0, CPU_SET_BYTES, mask);
        return mask;
    }

    /** Sets the calling thread's CPU mask. */
    static void setAffinity(Memory mask) throws LastErrorException {
        lib().sched_setaffinity(0, CPU_SET_BYTES, mask);
    }

    /** A mask of CPU {@code cpu} alone. */
    static Memory onlyCpu(int cpu) {
        Memory mask = new Memory(CPU_SET_BYTES);
        mask.clear();
        mask.setByte(cpu / 8, (byte) (1 << (cpu % 8)));
        return mask;
    }

    static void close(int fd) {
        try {
            lib().close(fd);
        } catch (LastErrorException ignored) {
            // EBADF or EINTR: the descriptor is gone either way (close(2) never retries)
        }
    }
}
