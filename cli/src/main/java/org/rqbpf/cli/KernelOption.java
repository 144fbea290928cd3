package org.rqbpf.cli;

import org.rqbpf.compare.LinuxOracle;

/** {@code --kernel}: the host Linux kernel must be able to serve, else one line and exit 6. */
final class KernelOption {
    private KernelOption() {}

    static void requireKernel() {
        String why = LinuxOracle.unavailable();
        if (why != null) {
            throw new CliException(ExitCodes.KERNEL_UNAVAILABLE, why);
        }
    }
}
