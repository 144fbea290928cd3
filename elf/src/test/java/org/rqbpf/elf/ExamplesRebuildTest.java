package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * The committed objects of examples/c/ are what their sources compile to: where clang-19 is installed
 * ({@code CLANG} overrides), examples/c/build.sh rebuilds them into a temporary folder and each object
 * must read to the same maps and instructions as the committed one. Skipped, saying why, without clang.
 */
class ExamplesRebuildTest {
    @TempDir
    Path out;

    private static String clang() {
        return System.getenv().getOrDefault("CLANG", "clang-19");
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void committedObjectsMatchTheirSources() throws Exception {
        assumeTrue(runs(clang(), "--version"), clang() + " is not installed: the committed objects are used as they are");
        Process build = new ProcessBuilder("bash", Examples.DIR.resolve("build.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes());
        assertEquals(0, build.waitFor(), log);
        for (Path committed : Examples.objects()) {
            Path rebuilt = out.resolve(committed.getFileName());
            assumeTrue(Files.exists(rebuilt), "no source for " + committed);
            Program a = Examples.read(committed), b = Examples.read(rebuilt);
            assertEquals(a.maps().stream().map(MapDef::name).toList(), b.maps().stream().map(MapDef::name).toList());
            for (BpfProgram p : a.programs()) {
                assertEquals(p.insns(), b.program(p.name()).orElseThrow().insns(),
                        committed.getFileName() + ":" + p.name() + " differs from its source: run examples/c/build.sh");
            }
        }
    }
}
