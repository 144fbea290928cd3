package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.compare.LinuxOracle;

/**
 * The README's tour cannot drift from the program: every {@code $ COMMAND} line of its fenced blocks is
 * run and its output (standard output, then standard error) compared with the lines that follow it.
 * Figures are masked (every number, since times and the counts of timed runs vary) and runs of spaces
 * are one; a {@code ...} line stands for any lines. {@code ./rqbpf} commands run in this JVM (paths
 * resolved against the repository; {@code fuzz} writes its findings to a temporary folder), {@code | tail -N}
 * is applied here, and other tools (llvm-objdump,
 * bpftool) run as processes. A command that needs what this machine lacks (the kernel for
 * {@code --kernel}, the tool, {@code ../shared}) is skipped, saying why.
 */
class ReadmeTourTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*");

    record Step(int line, String command, List<String> expected) {}

    @TestFactory
    Stream<DynamicTest> everyCommandOfTheTourPrintsWhatTheReadmeShows() throws IOException {
        List<Step> steps = steps(Files.readAllLines(ROOT.resolve("README.md")));
        assertTrue(steps.size() >= 15, steps.size() + " commands in the README");
        return steps.stream().map(s -> DynamicTest.dynamicTest("README.md:" + s.line() + ": " + s.command(), () -> check(s)));
    }

    /** The commands of the fenced blocks, each with the output lines written under it. */
    static List<Step> steps(List<String> readme) {
        List<Step> out = new ArrayList<>();
        boolean fenced = false;
        Step current = null;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                current = null;
            } else if (fenced && line.startsWith("$ ")) {
                current = new Step(i + 1, line.substring(2).trim(), new ArrayList<>());
                out.add(current);
            } else if (fenced && current != null) {
                current.expected().add(line);
            }
        }
        return out;
    }

    private static void check(Step s) throws Exception {
        String command = s.command();
        int tail = -1;
        int pipe = command.indexOf(" | tail -");
        if (pipe >= 0) {
            tail = Integer.parseInt(command.substring(pipe + " | tail -".length()).trim());
            command = command.substring(0, pipe);
        }
        List<String> words = List.of(command.split("\\s+"));
        assumeTrue(!command.contains("../shared") || Files.isDirectory(ROOT.resolve("../shared")),
                "../shared is not beside the repository");
        if (words.contains("--kernel")) {
            String why = LinuxOracle.unavailable();
            assumeTrue(why == null, "the kernel cannot serve: " + why);
        }
        List<String> run = new ArrayList<>(words);
        if (run.size() > 1 && run.get(1).equals("fuzz")) {
            run.addAll(List.of("--out", Files.createTempDirectory("rqbpf-tour-fuzz").toString()));
        }
        String output = words.get(0).equals("./rqbpf") ? rqbpf(run.subList(1, run.size())) : tool(run);
        List<String> actual = new ArrayList<>(List.of(output.split("\n", -1)));
        while (!actual.isEmpty() && actual.get(actual.size() - 1).isBlank()) {
            actual.remove(actual.size() - 1);
        }
        if (tail >= 0) {
            actual = actual.subList(Math.max(0, actual.size() - tail), actual.size());
        }
        match(s, actual);
    }

    private static String rqbpf(List<String> args) {
        List<String> all = new ArrayList<>(List.of(args.get(0)));
        args.subList(1, args.size()).stream().map(ReadmeTourTest::resolve).forEach(all::add);
        String[] resolved = all.toArray(String[]::new);
        CliRun r = CliRun.of(resolved);
        return (r.out() + r.err()).replace(ROOT + "/", "");
    }

    /** An argument naming a repository path, made absolute (the tour runs from the repository's root). */
    private static String resolve(String arg) {
        if (arg.startsWith("-") || arg.startsWith("/")) {
            return arg;
        }
        Path p = ROOT.resolve(arg);
        return Files.exists(p) ? p.toString() : arg;
    }

    private static String tool(List<String> words) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(words).directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, words.get(0) + " is not installed");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), words + " did not finish");
        assertEquals(0, p.exitValue(), words + ": " + out);
        return out;
    }

    /** Masks the figures and the column padding of a line. */
    static String mask(String line) {
        return NUMBER.matcher(line).replaceAll("#").replaceAll("\\s+", " ").strip();
    }

    /** The expected lines in order, each the next actual line unless a {@code ...} line allows a skip. */
    static void match(Step s, List<String> actual) {
        int j = 0;
        boolean skip = false;
        for (String e : s.expected()) {
            if (e.strip().equals("...")) {
                skip = true;
                continue;
            }
            String want = mask(e);
            if (skip) {
                while (j < actual.size() && !mask(actual.get(j)).equals(want)) {
                    j++;
                }
            }
            if (j >= actual.size() || !mask(actual.get(j)).equals(want)) {
                fail("README.md:" + s.line() + " '" + s.command() + "': expected the line\n  " + e + "\n"
                        + (j < actual.size() ? "but found\n  " + actual.get(j) : "after the end of the output") + "\nwhole output:\n"
                        + String.join("\n", actual));
            }
            j++;
            skip = false;
        }
        if (!skip && j < actual.size()) {
            fail("README.md:" + s.line() + " '" + s.command() + "': the output goes on after what the README shows:\n  "
                    + actual.get(j) + "\n(end the block with ... to allow more)");
        }
    }
}
