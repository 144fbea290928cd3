package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.hostbpf.HostKernel;

class BenchCommandTest {
    private static final String PROGRAMS = """
            struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1);
                     __type(key, u32); __type(value, u64); } counter SEC(".maps");

            SEC("tc")
            count:
            	r1 = 0
            	*(u32 *)(r10 - 4) = r1
            	r2 = r10
            	r2 += -4
            	r1 = counter ll
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r1 = 1
            	lock *(u64 *)(r0 + 0) += r1
            	r0 = 7
            out:
            	exit

            SEC("tc")
            sum:
            	r0 = 0
            	r1 = 0
            loop:
            	r0 += r1
            	r1 += 1
            	if r1 < 100 goto loop
            	exit
            """;

    @TempDir
    Path dir;

    private String file() throws IOException {
        Path p = dir.resolve("bench.bpf");
        Files.writeString(p, PROGRAMS);
        return p.toString();
    }

    private static final String QUICK = "--rounds=3 --load-rounds=2 --warmup=5ms --batch=1ms";

    private static CliRun bench(String file, String... extra) {
        String[] args = new String[2 + QUICK.split(" ").length + extra.length];
        args[0] = "bench";
        args[1] = file;
        System.arraycopy(QUICK.split(" "), 0, args, 2, QUICK.split(" ").length);
        System.arraycopy(extra, 0, args, 2 + QUICK.split(" ").length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void tableHasEveryProgramOnBothRqbpfEnginesWithTheirReturnValues() throws IOException {
        CliRun r = bench(file());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[1].matches("program\\s+engine\\s+ns/run min\\s+median\\s+max\\s+x jit\\s+load ms\\s+x jit\\s+r0"), lines[1]);
        assertTrue(lines[2].matches("count\\s+jit\\s.*\\s1\\.00x\\s.*\\s1\\.00x\\s+7"), lines[2]);
        assertTrue(lines[3].matches("\\s+interp\\s.*\\s7"), lines[3]);
        assertTrue(lines[4].matches("sum\\s+jit\\s.*\\s4950"), lines[4]);
        assertTrue(lines[5].matches("\\s+interp\\s.*\\s4950"), lines[5]);
        assertEquals(6, lines.length, r.out());
    }

    @Test
    void jsonHasOneObjectPerProgramAndEngineWithOrderedStatistics() throws IOException {
        CliRun r = bench(file(), "--json", "--prog", "sum", "--no-jit");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertEquals(1, count(out, "\"program\": \"sum\""), out);
        assertTrue(out.contains("\"engine\": \"interp\""), out);
        assertTrue(!out.contains("\"engine\": \"jit\""), out);
        double min = number(out, "ns_per_run_min");
        double median = number(out, "ns_per_run_median");
        double max = number(out, "ns_per_run_max");
        assertTrue(0 < min && min <= median && median <= max, out);
        assertTrue(number(out, "load_ms_median") > 0, out);
        assertEquals(4950, (long) number(out, "r0"), out);
        assertEquals(3, (long) number(out, "rounds"), out);
    }

    @Test
    void withTheKernelLinuxIsTheBaselineAndReturnsTheSameValues() throws IOException {
        assumeTrue(HostKernel.available(), HostKernel.unavailableReason());
        CliRun r = bench(file(), "--kernel", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, count(r.out(), "\"engine\": \"linux\""), r.out());
        assertEquals(3, count(r.out(), "\"r0\": 7"), r.out());
        assertEquals(3, count(r.out(), "\"r0\": 4950"), r.out());
    }

    @Test
    void badInputGetsOneLineAndItsExitCode() throws IOException {
        CliRun unknown = bench(file(), "--prog", "nope");
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().contains("no program named 'nope'"), unknown.err());
        Path bad = dir.resolve("bad.bpf");
        Files.writeString(bad, "SEC(\"tc\")\nf:\n\texit\n");
        CliRun rejected = CliRun.of("bench", bad.toString(), "--rounds=1", "--warmup=1ms");
        assertEquals(ExitCodes.VERIFIER_REJECTED, rejected.code(), rejected.err());
        assertTrue(rejected.err().contains("rejected by the verifier"), rejected.err());
        assertTrue(!rejected.err().contains("Exception"), rejected.err());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (-?[0-9.]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
