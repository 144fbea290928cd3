package org.rqbpf.compare;

import org.rqbpf.abi.ProgramType;
import org.rqbpf.hostbpf.BpfException;
import org.rqbpf.hostbpf.HostBpf;
import org.rqbpf.hostbpf.HostKernel;
import org.rqbpf.hostbpf.KernelLoad;
import org.rqbpf.hostbpf.KernelLoader;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * The host Linux kernel as an oracle: its verdict on a program (through {@code BPF_PROG_LOAD}) and its
 * return value (through {@code BPF_PROG_TEST_RUN} with the same default input rqbpf's test-run uses:
 * 64 zero bytes of packet for packet programs, no ctx, on CPU 0). Every object is closed before a method
 * returns.
 */
public final class LinuxOracle {
    /** {@code ENOTSUPP} (kernel-internal 524): the program type has no test-run. */
    private static final int ENOTSUPP = 524;
    /** The default packet, as {@code TestRunOptions.defaults()} in rqbpf. */
    public static final int DEFAULT_PACKET = 64;

    private LinuxOracle() {}

    /**
     * Linux's verdict.
     *
     * @param errorLine the first line of the error block (the BTF or map error for those stages)
     */
    public record Verdict(boolean accepted, int errno, String log, String errorLine, String message, KernelLoad.Stage stage) {}

    /** A test-run on Linux: r0 and the kernel's time per run, or why it did not run. */
    public record Run(Long retval, long nsPerRun, String notRun) {}

    /** Whether the kernel can serve; null when it can, else why not. */
    public static String unavailable() {
        return HostKernel.unavailableReason();
    }

    /** Linux's verdict on a load with the program's {@code __flag} prog_flags. */
    public static Verdict verify(Program file, BpfProgram p, int logLevel) {
        try (KernelLoad load = KernelLoader.load(file, p, logLevel, p.annotations().progFlags())) {
            String line = switch (load.stage()) {
                case LOADED -> "";
                case PROGRAM -> LinuxLog.firstErrorLine(load.log());
                default -> load.log().isBlank() ? load.message() : lastLine(load.log());
            };
            return new Verdict(load.accepted(), load.errno(), load.log(), line, load.message(), load.stage());
        }
    }

    /** Loads {@code p} (log level 0) and test-runs it {@code repeat} times. */
    public static Run run(Program file, BpfProgram p, int repeat) {
        if (!canTestRun(p.type())) {
            return new Run(null, 0, "Linux cannot test-run " + p.type().kernelName() + " programs");
        }
        try (KernelLoad load = KernelLoader.load(file, p, 0, p.annotations().progFlags())) {
            if (!load.accepted()) {
                return new Run(null, 0, "Linux rejects it: " + load.message());
            }
            byte[] data = p.type().hasPacket() ? new byte[DEFAULT_PACKET] : null;
            HostBpf.TestRun r = HostBpf.progTestRunOnCpu(0, load.program(), data, null, repeatFor(p.type(), repeat));
            return new Run((long) (int) r.retval(), r.durationNs(), null);
        } catch (BpfException e) {
            return new Run(null, 0, e.errno() == ENOTSUPP ? "Linux cannot test-run " + p.type().kernelName()
                    + " programs" : e.getMessage());
        }
    }

    /**
     * The {@code repeat} to ask of Linux: a syscall program's test-run takes none (bpf_prog_test_run_syscall
     * refuses a nonzero repeat with EINVAL) and runs once; the others run {@code repeat} times.
     */
    static int repeatFor(ProgramType t, int repeat) {
        return t == ProgramType.SYSCALL ? 0 : repeat;
    }

    /** Program types whose {@code bpf_prog_test_run} Linux implements. */
    public static boolean canTestRun(ProgramType t) {
        return switch (t) {
            case SOCKET_FILTER, SCHED_CLS, XDP, SYSCALL -> true;
            default -> false;
        };
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
