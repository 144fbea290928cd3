package org.rqbpf.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.abi.Errno;
import org.rqbpf.elf.ObjectWriteException;
import org.rqbpf.elf.ObjectWriter;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * The objects {@code rqbpf asm -o} writes go to Linux through libbpf as they do through rqbpf's own
 * loader: for every program of examples/ and test-programs/, libbpf (src/test/c/libbpf_run.c, built
 * here with {@code cc -lbpf}) loads the written object with only that program, and the kernel's verdict
 * and errno must be what {@link LinuxOracle} gets loading the {@code .bpf} file directly; so must the
 * return value of a test-run on a 64-byte zeroed packet, for the programs that declare one
 * ({@code __retval}: the others may return a time, a random number or a pointer), except those that
 * test-programs/linux-differences.tsv says return a pointer. Skips, saying why, without a C
 * compiler, libbpf's headers or a kernel that serves {@code bpf(2)}.
 */
class LibbpfObjectTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static Path runner;

    private record Run(int code, String out) {}

    private static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(120, TimeUnit.SECONDS) ? new Run(p.exitValue(), out) : new Run(-1, out);
        } catch (IOException | InterruptedException e) {
            return new Run(-1, e.toString());
        }
    }

    @BeforeAll
    static void buildTheLoader() {
        String kernel = LinuxOracle.unavailable();
        assumeTrue(kernel == null, "the kernel cannot serve: " + kernel);
        runner = dir.resolve("libbpf_run");
        Run cc = run(List.of(System.getenv().getOrDefault("CC", "cc"), "-O2", "-o", runner.toString(),
                ROOT.resolve("testkit/src/test/c/libbpf_run.c").toString(), "-lbpf"));
        assumeTrue(cc.code() == 0, "cannot build the libbpf loader (needs cc and libbpf-dev): " + cc.out().strip());
    }

    @Test
    void libbpfLoadsAndRunsEveryWrittenObjectAsRqbpfsLoaderDoes() throws Exception {
        List<String> unportableRetval = new ArrayList<>();
        for (String row : Files.readAllLines(LinuxAgreementTest.LIST)) {
            String[] cols = row.split("\t");
            if (!row.startsWith("#") && cols.length > 1 && cols[1].contains("retval")) {
                unportableRetval.add("test-programs/" + cols[0]);
            }
        }
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (Path f : bpfFiles()) {
            String text = Files.readString(f);
            Assembly asm = Assembler.assemble(f.getFileName().toString(), text);
            if (!asm.ok() || !asm.program().loads()) {
                continue;
            }
            Path object = dir.resolve("object.o");
            try {
                Files.write(object, ObjectWriter.write(asm.program(), text));
            } catch (ObjectWriteException e) {
                continue;
            }
            Run libbpf = run(List.of(runner.toString(), object.toString()));
            assertEquals(0, libbpf.code(), f + ": " + libbpf.out());
            Map<String, String> outcomes = new HashMap<>();
            for (String line : libbpf.out().strip().split("\n")) {
                String[] w = line.split(" ");
                outcomes.put(w[0], w[1] + " " + w[2]);
            }
            for (BpfProgram p : asm.program().programs()) {
                boolean valued = p.annotations().retval() != null && !unportableRetval.contains(ROOT.relativize(f) + ":" + p.name());
                String expected = direct(asm.program(), p, valued);
                String got = valued ? outcomes.get(p.name()) : anyValue(outcomes.get(p.name()));
                if (!expected.equals(got)) {
                    differences.add(ROOT.relativize(f) + ":" + p.name() + ": libbpf " + got + ", rqbpf's loader " + expected);
                }
                compared++;
            }
        }
        assertTrue(compared > 400, compared + " programs");
        assertEquals(List.of(), differences);
    }

    /** A test-run's outcome without its value: {@code loaded -} for every program that loaded. */
    private static String anyValue(String outcome) {
        return outcome != null && outcome.startsWith("loaded ") ? "loaded -" : outcome;
    }

    /** What libbpf_run would print for {@code p} when the file goes through rqbpf's own loader. */
    private static String direct(Program file, BpfProgram p, boolean valued) {
        LinuxOracle.Verdict v = LinuxOracle.verify(file, p, 0);
        if (!v.accepted()) {
            return "rejected " + v.errno();
        }
        if (!p.type().hasPacket() || !LinuxOracle.canTestRun(p.type()) || !valued) {
            return "loaded -";
        }
        LinuxOracle.Run r = LinuxOracle.run(file, p, 1);
        return r.retval() == null ? "rejected " + Errno.EINVAL : "loaded " + (r.retval() & 0xffff_ffffL);
    }

    private static List<Path> bpfFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : List.of("examples", "test-programs")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(d))) {
                s.filter(p -> p.toString().endsWith(".bpf")).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
