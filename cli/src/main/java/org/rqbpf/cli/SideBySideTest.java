package org.rqbpf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.compare.Agreement;
import org.rqbpf.compare.Comparison;
import org.rqbpf.compare.ComparisonJson;
import org.rqbpf.compare.LinuxLog;
import org.rqbpf.compare.Row;
import org.rqbpf.hostbpf.HostKernel;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.testing.TestFiles;

/**
 * {@code rqbpf test --kernel}: every annotated program checked on rqbpf and on the host Linux kernel.
 * Prints one row per program (annotation, rqbpf, Linux, and why a side failed), then the agreement
 * measures per folder and in all; {@code --json} prints the same as one JSON object.
 */
final class SideBySideTest {
    private SideBySideTest() {}

    /** {@code notes} gets the files that do not assemble (stderr with {@code --json}, so stdout stays one object). */
    static int run(List<Path> paths, boolean noJit, boolean json, PrintWriter out, PrintWriter notes) {
        Comparison comparison = new Comparison(Backend.choose(noJit));
        List<Row> rows = new ArrayList<>();
        Map<String, List<Row>> byFolder = new LinkedHashMap<>();
        for (Path root : paths) {
            List<Path> files;
            try {
                files = TestFiles.collect(List.of(root));
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
            for (Path f : files) {
                String name = displayName(root, f);
                List<Row> fileRows;
                try {
                    fileRows = comparison.compareFile(f, name);
                } catch (IOException e) {
                    notes.println("SKIP " + name + ": does not assemble: " + LinuxLog.firstLine(e.getMessage()));
                    continue;
                }
                rows.addAll(fileRows);
                Path parent = Path.of(name).getParent();
                byFolder.computeIfAbsent(parent == null ? "." : parent.toString(), k -> new ArrayList<>()).addAll(fileRows);
            }
        }
        if (rows.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no .bpf programs in the given paths");
        }
        if (json) {
            out.println(ComparisonJson.of(rows, byFolder, HostKernel.release()));
        } else {
            printTable(rows, out);
            printSummary(byFolder, rows, out);
        }
        out.flush();
        boolean allHold = rows.stream().allMatch(r -> r.rqbpfFailure() == null && r.linuxFailure() == null);
        return allHold ? ExitCodes.OK : ExitCodes.FAILURES;
    }

    private static void printTable(List<Row> rows, PrintWriter out) {
        int width = Math.min(70, rows.stream().mapToInt(r -> r.key().length()).max().orElse(10));
        out.printf("%-" + width + "s  %-26s %-6s %-8s%n", "program", "annotation", "rqbpf", "Linux");
        for (Row r : rows) {
            String linux = !r.ranOnLinux() ? "not run" : r.linuxFailure() == null ? "PASS" : "FAIL";
            StringBuilder why = new StringBuilder();
            if (r.rqbpfFailure() != null) {
                why.append("rqbpf: ").append(LinuxLog.firstLine(r.rqbpfFailure()));
            }
            if (r.linuxFailure() != null) {
                why.append(why.length() > 0 ? "; " : "").append("Linux: ").append(LinuxLog.firstLine(r.linuxFailure()));
            }
            if (!r.ranOnLinux()) {
                why.append(why.length() > 0 ? "; " : "").append(r.linuxNotRun());
            }
            out.printf("%-" + width + "s  %-26s %-6s %-8s %s%n", r.key(), r.annotationSummary(),
                    r.rqbpfFailure() == null ? "PASS" : "FAIL", linux, why);
        }
    }

    private static void printSummary(Map<String, List<Row>> byFolder, List<Row> rows, PrintWriter out) {
        out.println();
        out.println("agreement with Linux " + HostKernel.release() + " (programs Linux did not check count in no measure):");
        int width = Math.max(6, byFolder.keySet().stream().mapToInt(String::length).max().orElse(6));
        String fmt = "%-" + width + "s %8s %9s  %-20s %-20s %-20s %-20s %-20s %-20s%n";
        out.printf(fmt, "folder", "programs", "not run", "same verdict", "holds on Linux", "__msg in Linux log",
                "same error line", "same errno", "__retval on Linux");
        for (Map.Entry<String, List<Row>> e : byFolder.entrySet()) {
            summaryLine(fmt, e.getKey(), Agreement.of(e.getValue()), out);
        }
        Agreement all = Agreement.of(rows);
        summaryLine(fmt, "all", all, out);
        out.println("verdicts that differ: Linux accepts, rqbpf rejects " + all.linuxAcceptsRqbpfRejects().hits()
                + "; Linux rejects, rqbpf accepts " + all.linuxRejectsRqbpfAccepts().hits());
        out.println("annotations hold on rqbpf: " + all.holdsOnRqbpf());
    }

    private static void summaryLine(String fmt, String name, Agreement a, PrintWriter out) {
        out.printf(fmt, name, a.programs(), a.notRunOnLinux(), a.sameVerdict(), a.holdsOnLinux(), a.msgInLinuxLog(),
                a.sameFirstErrorLine(), a.sameErrno(), a.retvalOnLinux());
    }

    /** The file as {@code FOLDER/relative/path} (the given folder's own name first) when a folder was given, else as given. */
    private static String displayName(Path root, Path file) {
        if (Files.isDirectory(root)) {
            Path base = root.toAbsolutePath().normalize();
            Path name = base.getFileName() == null ? Path.of(".") : base.getFileName();
            return name.resolve(base.relativize(file.toAbsolutePath().normalize())).toString();
        }
        return file.toString();
    }
}
