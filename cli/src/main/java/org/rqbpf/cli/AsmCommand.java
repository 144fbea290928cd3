package org.rqbpf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rqbpf.elf.ElfObject;
import org.rqbpf.elf.ObjectWriteException;
import org.rqbpf.elf.ObjectWriter;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.isa.Disassembler;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.testrun.JitListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf asm FILE}: assembles a {@code .bpf} file and lists each program's image objdump-style, or
 * with {@code -o OUT.o} writes the ELF object clang would have written for it.
 */
@Command(name = "asm", mixinStandardHelpOptions = true,
        description = "Assemble a .bpf file (or read an object) and print each program's bytecode (index, raw bytes, canonical text), "
                + "or with -o write it as an ELF object (BTF, BTF-defined maps, line info) for llvm-objdump, bpftool "
                + "and libbpf.")
public final class AsmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .bpf source file, or an ELF object")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.o",
            description = "write the ELF object to OUT.o instead of printing the listing")
    Path output;

    @Option(names = "--raw", paramLabel = "DIR", description = "also write each program's image to DIR/NAME.bin (little-endian slots)")
    Path rawDir;

    @Option(names = "--jit", description = "print the JVM bytecode the JIT generates for each program instead of its BPF listing")
    boolean jit;

    @Option(names = "--bench", hidden = true, paramLabel = "N",
            description = "assemble FILE N times and report the time of each run (no listing)")
    Integer benchRuns;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes = SourceFiles.readBytes(file);
        boolean object = ElfObject.isElf(bytes);
        String text = object ? null : new String(bytes, StandardCharsets.UTF_8);
        if (benchRuns != null && !object) {
            return bench(text, out);
        }
        Program program;
        if (object) {
            program = SourceFiles.assemble(file, err);
        } else {
            Assembly asm = Assembler.assemble(file.toString(), text);
            if (!asm.ok()) {
                DiagnosticPrinter.print(asm.errors(), text, false, err);
                err.println(SourceFiles.count(asm.errors().size()) + " in " + file);
                return ExitCodes.LOAD_ERROR;
            }
            program = asm.program();
        }
        if (output != null) {
            return writeObject(program, text, out, err);
        }
        java.util.Map<String, String> jitted = jit ? jitListings(program) : null;
        for (BpfProgram p : program.programs()) {
            out.println("program " + p.name() + " SEC(\"" + (p.autoload() ? "" : "?") + p.section() + "\"): "
                    + p.insns().size() + " slots");
            out.print(jitted != null ? jitted.get(p.name()) : Disassembler.listing(p.insns(), p.labels()));
            out.println();
        }
        out.flush();
        DiagnosticPrinter.print(program.loadErrors(), text, true, err);
        if (rawDir != null) {
            writeRaw(program.programs());
        }
        return program.loads() ? ExitCodes.OK : ExitCodes.LOAD_ERROR;
    }

    private int writeObject(Program program, String text, PrintWriter out, PrintWriter err) {
        if (!program.loads()) {
            DiagnosticPrinter.print(program.loadErrors(), text, true, err);
            err.println("rqbpf: " + output + " not written: " + SourceFiles.count(program.loadErrors().size())
                    + " in " + file);
            return ExitCodes.LOAD_ERROR;
        }
        byte[] object;
        try {
            object = ObjectWriter.write(program, text);
        } catch (ObjectWriteException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, file + ": cannot write an object: " + e.getMessage());
        }
        try {
            Files.write(output, object);
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, "cannot write " + output + ": " + SourceFiles.describe(e), e);
        }
        out.println("wrote " + output + " (" + object.length + " bytes, " + program.programs().size() + " programs, "
                + program.maps().size() + " maps)");
        return ExitCodes.OK;
    }

    /** The JIT's bytecode per program; a file with load errors has none (they are reported below). */
    private static java.util.Map<String, String> jitListings(Program program) {
        if (!program.loads()) {
            return null;
        }
        try {
            return JitListing.of(program);
        } catch (org.rqbpf.runtime.load.LoadException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, e.getMessage());
        }
    }

    private void writeRaw(List<BpfProgram> programs) {
        try {
            Files.createDirectories(rawDir);
            for (BpfProgram p : programs) {
                Files.write(rawDir.resolve(p.name() + ".bin"), RawInsn.toBytes(p.insns()));
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, "cannot write " + rawDir + ": " + SourceFiles.describe(e), e);
        }
    }

    /** Times whole assemblies of FILE: wall clock, this thread's CPU time and the JVM's GC time. */
    private int bench(String text, PrintWriter out) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 1; i <= benchRuns; i++) {
            long gc0 = gcMillis();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Assembly asm = Assembler.assemble(file.toString(), text);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            int slots = asm.ok() ? asm.program().programs().stream().mapToInt(p -> p.insns().size()).sum() : -1;
            out.println("run " + i + ": " + ms + " ms wall, " + cpuMs + " ms cpu, " + (gcMillis() - gc0) + " ms gc, " + slots
                    + " slots" + (asm.ok() ? "" : ", " + asm.errors().size() + " errors"));
        }
        return ExitCodes.OK;
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
