package org.rqbpf.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.isa.Disassembler;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * Every {@code .bpf} file of the repository and of the shared verifier suite assembles without source
 * errors (except docs/tour/, whose bad.bpf shows the README's source errors on purpose) (load errors only where every program expects {@code __failure}), and every program image survives a
 * disassemble/assemble round trip.
 */
class CorpusTest {
    private static final Path SHARED_SUITE = Path.of("..", "test-programs", "conformance");

    static List<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        Path repo = Path.of("").toAbsolutePath().getParent();
        for (Path root : List.of(repo, SHARED_SUITE)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".bpf"))
                        .filter(p -> root.relativize(p).toString().chars().noneMatch(c -> c == 0)
                                && !root.relativize(p).toString().matches("(.*/)?target[^/]*/.*")
                                && !root.relativize(p).startsWith(Path.of("docs", "tour")))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    @TestFactory
    Stream<DynamicTest> everyFileAssembles() throws IOException {
        List<Path> files = corpus();
        assumeTrue(!files.isEmpty(), "no .bpf files found");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Assembly a = Assembler.assembleFile(f);
            assertTrue(a.ok(), () -> a.renderErrors());
            if (!a.program().loads()) {
                // Files that fail to load by design (the p19 placement tests) expect every program rejected.
                assertTrue(a.program().programs().stream().allMatch(p -> p.annotations().expected() == Annotations.Verdict.FAILURE),
                        () -> "unexpected load errors " + a.program().loadErrors());
            }
            for (BpfProgram p : a.program().programs()) {
                assertEquals(p.insns(), reassemble(p.insns()), "round trip of " + p.name());
            }
        }));
    }

    /** Disassembles an image and assembles the text again (raw forms need no declarations). */
    static List<RawInsn> reassemble(List<RawInsn> insns) {
        StringBuilder sb = new StringBuilder("SEC(\"tc\")\nrt:\n");
        for (int i = 0; i < insns.size(); i += insns.get(i).isLdImm64() ? 2 : 1) {
            sb.append('\t').append(Disassembler.text(insns, i)).append('\n');
        }
        Program p = Asm.ok("rt.bpf", sb.toString());
        return p.programs().get(0).insns();
    }
}
