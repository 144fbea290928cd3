package org.rqbpf.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.rqbpf.compare.LinuxRun;
import org.rqbpf.compare.MapContents;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.testrun.TestRunResult;

/**
 * {@code rqbpf run --kernel}: after rqbpf's test-run, the same run on Linux: its {@code r0} and time per
 * run beside rqbpf's, and each map compared entry by entry (a per-CPU value as CPU 0's slot).
 */
final class SideBySideRun {
    private SideBySideRun() {}

    /** Prints the comparison; true when r0 and every map agree (or Linux could not run it: said, not counted). */
    static boolean compare(Program file, BpfProgram p, byte[] ctx, byte[] packet, int repeat, TestRunResult rq,
            PrintWriter out) {
        LinuxRun.Result linux = LinuxRun.run(file, p, ctx, packet, repeat);
        if (linux.notRun() != null) {
            out.println("  Linux: not run: " + linux.notRun());
            out.flush();
            return true;
        }
        boolean same = (int) rq.r0() == (int) linux.r0();
        out.printf("  Linux: r0 = %d (0x%x)%s%n", linux.r0(), linux.r0(), same ? "" : "  DIFFERENT r0");
        out.printf("  Linux: %d ns per run (the kernel's own measure), rqbpf %d ns%n", linux.nsPerRun(), rq.meanNanos());
        for (MapDef m : file.maps()) {
            String diff = difference(m, rq.maps().get(m.name()), linux.maps().get(m.name()));
            if (diff != null) {
                same = false;
                out.println("  map " + m.name() + " differs: " + diff);
            }
        }
        if (same) {
            out.println("  same r0 and maps on both");
        }
        out.flush();
        return same;
    }

    /** Null when both hold the same entries, else the first key that differs. */
    private static String difference(MapDef m, List<MapEntry> rq, List<MapEntry> linux) {
        Map<String, String> a = MapContents.of(m, rq), b = MapContents.of(m, linux);
        if (a.equals(b)) {
            return null;
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (!e.getValue().equals(other)) {
                return "key " + e.getKey() + ": rqbpf " + e.getValue() + ", Linux " + (other == null ? "absent" : other);
            }
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                return "key " + k + ": rqbpf absent, Linux " + b.get(k);
            }
        }
        return "entries differ";
    }
}
