package org.rqbpf.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.hostbpf.Fd;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.testing.TestFiles;

/**
 * Every annotated program of {@code test-programs/} through the host Linux kernel: its annotation must
 * hold there too, except for the programs of {@code test-programs/linux-differences.tsv}, each of which
 * must still differ (so fixing one shrinks the list, and nothing new slips in unlisted). Skipped, with
 * the reason in the build output, where the kernel cannot serve. {@code -Drqbpf.differences.update=true}
 * rewrites the list's rows from a fresh run, keeping the reasons already written.
 */
class LinuxAgreementTest {
    static final Path ROOT = Path.of("..", "test-programs");
    static final Path LIST = ROOT.resolve("linux-differences.tsv");

    @TestFactory
    Stream<DynamicContainer> annotationsHoldOnLinux() throws IOException {
        String why = LinuxOracle.unavailable();
        if (why != null) {
            System.out.println("SKIPPED (Linux agreement): " + why);
        }
        assumeTrue(why == null, why);
        Map<String, KnownDifference> known = KnownDifference.read(LIST);
        Comparison comparison = new Comparison(Backend.INTERPRETER);
        List<Row> all = new ArrayList<>();
        List<DynamicContainer> files = new ArrayList<>();
        for (Path file : TestFiles.collect(List.of(ROOT))) {
            String name = ROOT.relativize(file).toString();
            List<Row> rows = comparison.compareFile(file, name);
            all.addAll(rows);
            List<DynamicTest> tests = new ArrayList<>();
            for (Row r : rows) {
                tests.add(DynamicTest.dynamicTest(r.program(), () -> check(r, known.get(r.key()))));
            }
            files.add(DynamicContainer.dynamicContainer(name, tests));
        }
        if (Boolean.getBoolean("rqbpf.differences.update")) {
            KnownDifference.write(LIST, all, known);
        }
        files.add(DynamicContainer.dynamicContainer("the list", List.of(
                DynamicTest.dynamicTest("names only programs that exist", () -> everyListedProgramExists(all, known)),
                DynamicTest.dynamicTest("leaves no descriptor open", () -> assertEquals(0, Fd.openCount())))));
        return files.stream();
    }

    private static void check(Row r, KnownDifference listed) {
        assertTrue(r.rqbpfFailure() == null, "rqbpf: " + r.rqbpfFailure());
        if (!r.ranOnLinux()) {
            return;
        }
        if (listed == null) {
            if (r.linuxFailure() != null) {
                fail("annotation does not hold on Linux: " + r.linuxFailure()
                        + " (fix it, or list it with its reason in " + LIST + ")");
            }
        } else {
            assertNotNull(r.linuxFailure(), "listed as differing from Linux, but the annotation holds there now: "
                    + "remove " + r.key() + " from " + LIST);
        }
    }

    private static void everyListedProgramExists(List<Row> rows, Map<String, KnownDifference> known) {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            byKey.put(r.key(), r);
        }
        for (String key : known.keySet()) {
            assertTrue(byKey.containsKey(key), LIST + " names " + key + ", which is not a program of test-programs/");
        }
    }

    /** One row of the list: the program, what differs, both sides' answers and the reason. */
    record KnownDifference(String key, String what, String rqbpf, String linux, String reason) {
        static final String HEADER = "# program\twhat differs\trqbpf\tLinux 6.18\treason";

        static Map<String, KnownDifference> read(Path list) throws IOException {
            Map<String, KnownDifference> out = new LinkedHashMap<>();
            if (!Files.exists(list)) {
                return out;
            }
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5 || f[4].isBlank()) {
                    throw new IOException(list + ": malformed row (5 tab-separated fields, a reason last): " + line);
                }
                out.put(f[0], new KnownDifference(f[0], f[1], f[2], f[3], f[4]));
            }
            return out;
        }

        static void write(Path list, List<Row> rows, Map<String, KnownDifference> old) throws IOException {
            StringBuilder sb = new StringBuilder(HEADER).append('\n');
            for (Row r : rows) {
                if (!r.ranOnLinux() || r.linuxFailure() == null) {
                    continue;
                }
                KnownDifference prev = old.get(r.key());
                String what = r.rqbpf().accepted() != r.linux().accepted() ? "verdict"
                        : r.linuxFailure().startsWith("retval") ? "retval" : "message";
                sb.append(r.key()).append('\t').append(what).append('\t').append(describe(r.rqbpf())).append('\t')
                        .append(describe(r.linux())).append('\t')
                        .append(prev == null ? "UNEXPLAINED: " + r.linuxFailure() : prev.reason()).append('\n');
            }
            Files.writeString(list, sb.toString(), StandardCharsets.UTF_8);
        }

        private static String describe(Side s) {
            if (s.accepted()) {
                return s.retval() == null ? "accepted" : "accepted, r0 = " + (int) (long) s.retval();
            }
            return "rejected (" + org.rqbpf.abi.Errno.name(s.errno()) + "): " + s.errorLine().replace('\t', ' ');
        }
    }
}
