package org.rqbpf.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.hostbpf.BpfException;
import org.rqbpf.hostbpf.Fd;
import org.rqbpf.hostbpf.HostBpf;
import org.rqbpf.hostbpf.HostKernel;
import org.rqbpf.hostbpf.KernelLoad;
import org.rqbpf.hostbpf.KernelLoader;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * {@code rqbpf run --kernel}: the program test-run on Linux with the given ctx and packet (on CPU 0, as
 * rqbpf runs it), its {@code r0}, the kernel's own time per run, and every map's entries afterwards in
 * the host format ({@link MapContents} compares a per-CPU value by CPU 0's slot).
 */
public final class LinuxRun {
    private LinuxRun() {}

    /** The outcome; {@code notRun} says why when the kernel did not run it. */
    public record Result(long r0, long nsPerRun, Map<String, List<MapEntry>> maps, String notRun) {}

    public static Result run(Program file, BpfProgram p, byte[] ctx, byte[] packet, int repeat) {
        if (!LinuxOracle.canTestRun(p.type())) {
            return new Result(0, 0, Map.of(), "Linux cannot test-run " + p.type().kernelName() + " programs");
        }
        try (KernelLoad load = KernelLoader.load(file, p, 0, 0)) {
            if (!load.accepted()) {
                return new Result(0, 0, Map.of(), "Linux rejects it: " + load.message());
            }
            byte[] data = packet != null ? packet : p.type().hasPacket() ? new byte[LinuxOracle.DEFAULT_PACKET] : null;
            HostBpf.TestRun r = HostBpf.progTestRunOnCpu(0, load.program(), data, ctx, LinuxOracle.repeatFor(p.type(), repeat));
            Map<String, List<MapEntry>> maps = new LinkedHashMap<>();
            for (MapDef m : file.maps()) {
                maps.put(m.name(), dump(load.maps().get(m.index()), m));
            }
            return new Result((int) r.retval(), r.durationNs(), maps, null);
        } catch (BpfException e) {
            return new Result(0, 0, Map.of(), e.getMessage());
        }
    }

    /** Every entry of a kernel map (a per-CPU value holds every possible CPU's slot). */
    private static List<MapEntry> dump(Fd map, MapDef m) throws BpfException {
        int slot = (m.valueSize() + 7) & ~7;
        int size = m.type().isPerCpu() ? slot * HostKernel.possibleCpus() : m.valueSize();
        List<MapEntry> out = new ArrayList<>();
        byte[] key = null;
        while ((key = HostBpf.mapNextKey(map, key, m.keySize())) != null) {
            byte[] value = HostBpf.mapLookup(map, key, size);
            if (value != null) {
                out.add(new MapEntry(key, value));
            }
        }
        return out;
    }
}
