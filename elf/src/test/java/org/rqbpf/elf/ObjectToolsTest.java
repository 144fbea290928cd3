package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * The objects {@code rqbpf asm -o} writes for examples/*.bpf are read by the standard tools: llvm-objdump
 * disassembles every program with its relocations, bpftool dumps the BTF (the map definitions in
 * {@code .maps}, the kfunc externs in {@code .ksyms}), and libbpf opens the object (bpftool's
 * {@code gen skeleton} names every map and program). Each tool that is not installed skips its part,
 * saying so ({@code LLVM_OBJDUMP} and {@code BPFTOOL} override the commands).
 */
class ObjectToolsTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int code, String out) {}

    private static Run run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(60, TimeUnit.SECONDS) ? new Run(p.exitValue(), out) : new Run(-1, out);
        } catch (IOException | InterruptedException e) {
            return new Run(-1, e.toString());
        }
    }

    private static String tool(String env, String... candidates) {
        String given = System.getenv(env);
        if (given != null) {
            return given;
        }
        for (String c : candidates) {
            if (run(c, "--version").code() == 0) {
                return c;
            }
        }
        return null;
    }

    private record Written(Program program, Path object) {}

    private List<Written> examples() throws Exception {
        List<Written> out = new ArrayList<>();
        for (String name : List.of("packet_counters", "flow_counters", "abba", "lock_cycle", "lpm_firewall", "nmi_reentry")) {
            String text = Files.readString(EXAMPLES.resolve(name + ".bpf"));
            Program p = Assembler.parse(name + ".bpf", text);
            Path o = dir.resolve(name + ".o");
            Files.write(o, ObjectWriter.write(p, text));
            out.add(new Written(p, o));
        }
        return out;
    }

    @Test
    void llvmObjdumpDisassemblesEveryProgramWithItsRelocations() throws Exception {
        String objdump = tool("LLVM_OBJDUMP", "llvm-objdump-19", "llvm-objdump");
        assumeTrue(objdump != null, "llvm-objdump is not installed (apt-get install llvm-19)");
        for (Written w : examples()) {
            Run r = run(objdump, "-d", "-r", w.object().toString());
            assertEquals(0, r.code(), r.out());
            assertTrue(r.out().contains("file format elf64-bpf"), r.out());
            for (BpfProgram p : w.program().programs()) {
                assertTrue(r.out().contains("<" + p.name() + ">:"), p.name() + "\n" + r.out());
            }
            for (MapDef m : w.program().maps()) {
                String target = m.isDataSection() ? m.section() : m.name();
                assertTrue(r.out().contains("R_BPF_64_64\t" + target), target + "\n" + r.out());
            }
        }
    }

    @Test
    void bpftoolDumpsTheBtfAndLibbpfOpensTheObject() throws Exception {
        String bpftool = tool("BPFTOOL", "bpftool", "/usr/sbin/bpftool");
        assumeTrue(bpftool != null, "bpftool is not installed (apt-get install bpftool)");
        for (Written w : examples()) {
            Run btf = run(bpftool, "btf", "dump", "file", w.object().toString());
            assertEquals(0, btf.code(), btf.out());
            assertTrue(btf.out().contains("DATASEC '.maps'"), btf.out());
            for (BpfProgram p : w.program().programs()) {
                assertTrue(btf.out().contains("FUNC '" + p.name() + "' type_id="), p.name() + "\n" + btf.out());
            }
            Run skeleton = run(bpftool, "gen", "skeleton", w.object().toString());
            assertEquals(0, skeleton.code(), w.object() + ": libbpf could not open it\n" + skeleton.out());
            for (MapDef m : w.program().maps()) {
                String field = m.isDataSection() ? m.section().substring(1).replace('.', '_') : m.name();
                assertTrue(skeleton.out().contains("struct bpf_map *" + field + ";"), field + "\n" + skeleton.out());
            }
            for (BpfProgram p : w.program().programs()) {
                assertTrue(skeleton.out().contains("struct bpf_program *" + p.name() + ";"), p.name());
            }
        }
        Run ksyms = run(bpftool, "btf", "dump", "file", dir.resolve("abba.o").toString());
        assertTrue(ksyms.out().contains("DATASEC '.ksyms'") && ksyms.out().contains("FUNC 'bpf_res_spin_lock' type_id="),
                ksyms.out());
    }
}
