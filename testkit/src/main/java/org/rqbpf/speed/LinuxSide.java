package org.rqbpf.speed;

import java.util.List;
import org.rqbpf.compare.LinuxOracle;
import org.rqbpf.hostbpf.BpfException;
import org.rqbpf.hostbpf.HostBpf;
import org.rqbpf.hostbpf.KernelLoad;
import org.rqbpf.hostbpf.KernelLoader;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * The host Linux kernel: each load creates the file's BTF and maps once and loads every program into
 * them (log level 0); a program's load time is its {@code BPF_PROG_LOAD} call. Runs are one
 * {@code BPF_PROG_TEST_RUN} with {@code repeat} set, on CPU 0, with the input rqbpf's side gets (no
 * ctx, a 64-byte zero packet for packet programs); the time per run is the kernel's own measure.
 * Everything is closed by {@link #close()} and before every new load.
 */
final class LinuxSide implements EngineSide {
    private final Program file;
    private final List<BpfProgram> programs;
    private KernelLoad load;
    private final long[] lastR0;

    LinuxSide(Program file, List<BpfProgram> programs) throws BenchException {
        for (BpfProgram p : programs) {
            if (!LinuxOracle.canTestRun(p.type())) {
                throw new BenchException("program '" + p.name() + "': Linux cannot test-run "
                        + p.type().kernelName() + " programs");
            }
        }
        this.file = file;
        this.programs = programs;
        this.lastR0 = new long[programs.size()];
    }

    @Override
    public Engine engine() {
        return Engine.LINUX;
    }

    @Override
    public long[] load() throws BenchException {
        close();
        load = KernelLoader.load(file, programs, 0, 0);
        if (!load.accepted()) {
            String why = load.message();
            close();
            throw new BenchException("Linux refuses it: " + why);
        }
        long[] nanos = new long[programs.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = load.loadNanos(i);
        }
        return nanos;
    }

    @Override
    public double run(int index, int runs) throws BenchException {
        BpfProgram p = programs.get(index);
        byte[] packet = p.type().hasPacket() ? new byte[LinuxOracle.DEFAULT_PACKET] : null;
        try {
            HostBpf.TestRun r = HostBpf.progTestRunOnCpu(0, load.programs().get(index), packet, null, runs);
            lastR0[index] = (int) r.retval();
            return r.durationNs();
        } catch (BpfException e) {
            throw new BenchException("program '" + p.name() + "' on Linux: " + e.getMessage(), e);
        }
    }

    @Override
    public long lastR0(int index) {
        return lastR0[index];
    }

    @Override
    public void close() {
        if (load != null) {
            load.close();
            load = null;
        }
    }
}
