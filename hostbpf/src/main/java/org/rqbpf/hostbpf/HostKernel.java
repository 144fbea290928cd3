package org.rqbpf.hostbpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rqbpf.abi.Kfunc;

/**
 * Whether the host kernel can serve as an oracle: Linux with a known {@code bpf(2)} number, JNA able to
 * reach libc, the privilege to create a map ({@code CAP_BPF} or root), vmlinux BTF, and the
 * resilient-lock kfuncs. Probed once; {@link #unavailableReason()} is the one line to show when not.
 */
public final class HostKernel {
    private static volatile String reason;
    private static volatile boolean probed;

    private HostKernel() {}

    /** True when programs can be loaded into and test-run in the host kernel. */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Null when {@link #available()}, else why the host kernel cannot serve (one line). */
    public static String unavailableReason() {
        if (!probed) {
            synchronized (HostKernel.class) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    /** The kernel release ({@code uname -r}), or "unknown". */
    public static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "unknown");
        }
    }

    /** {@code num_possible_cpus()}: the per-CPU slots a per-CPU map value has in a syscall. */
    public static int possibleCpus() {
        try {
            String spec = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
            int max = 0;
            for (String part : spec.split(",")) {
                String[] range = part.split("-");
                max = Math.max(max, Integer.parseInt(range[range.length - 1]));
            }
            return max + 1;
        } catch (IOException | NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static String probe() {
        String libc = Syscall.available();
        if (libc != null) {
            return "the host kernel cannot serve: " + libc;
        }
        try (Fd probe = HostBpf.mapCreate(new HostBpf.MapSpec("rqbpf_probe", 2, 4, 4, 1, 0, null, 0, 0))) {
            // created and closed at once: the kernel lets this process use bpf(2)
        } catch (BpfException e) {
            return "the host kernel cannot serve: creating a probe map failed with "
                    + org.rqbpf.abi.Errno.name(e.errno()) + " (needs root or CAP_BPF)";
        }
        if (!Files.isReadable(VmlinuxBtf.PATH)) {
            return "the host kernel cannot serve: no " + VmlinuxBtf.PATH + " (kernel built without BTF)";
        }
        try {
            VmlinuxBtf btf = VmlinuxBtf.host();
            for (Kfunc k : Kfunc.values()) {
                if (btf.funcId(k.fname()) < 0) {
                    return "the host kernel cannot serve: kernel " + release() + " has no kfunc " + k.fname()
                            + " (needs Linux 6.15 or later)";
                }
            }
        } catch (IOException e) {
            return "the host kernel cannot serve: cannot read " + VmlinuxBtf.PATH + ": " + e.getMessage();
        }
        return null;
    }
}
