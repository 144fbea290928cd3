package org.rqbpf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rqbpf.elf.ElfObject;
import org.rqbpf.elf.ElfReader;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.runtime.load.LoadException;

/**
 * How every command reads its input files (a {@code .bpf} text, or an ELF object recognised by its magic)
 * and turns their failures into one-line messages with exit 3.
 * Text is decoded as UTF-8 leniently (malformed bytes become U+FFFD), so a binary file reaches the
 * assembler and is reported as source errors instead of failing to decode.
 */
final class SourceFiles {
    private SourceFiles() {}

    static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException(ExitCodes.LOAD_ERROR, "cannot read " + file + ": is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, "cannot read " + file + ": " + describe(e), e);
        }
    }

    static String readText(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    /**
     * Assembles the file and checks that it loads. Source errors, and the load errors of a file that
     * assembles, are printed C-compiler style on {@code err}; either ends the command with exit 3.
     */
    static Program load(Path file, PrintWriter err) {
        byte[] bytes = readBytes(file);
        if (ElfObject.isElf(bytes)) {
            Program program = readObject(file, bytes, err);
            if (!program.loads()) {
                DiagnosticPrinter.print(program.loadErrors(), null, true, err);
                throw new CliException(ExitCodes.LOAD_ERROR, file + " does not load");
            }
            return program;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Assembly asm = Assembler.assemble(file.toString(), text);
        if (!asm.ok()) {
            DiagnosticPrinter.print(asm.errors(), text, false, err);
            throw new CliException(ExitCodes.LOAD_ERROR, count(asm.errors().size()) + " in " + file);
        }
        Program program = asm.program();
        if (!program.loads()) {
            DiagnosticPrinter.print(program.loadErrors(), text, true, err);
            throw new CliException(ExitCodes.LOAD_ERROR, file + " does not load");
        }
        return program;
    }

    /**
     * Assembles the file, printing source errors on {@code err} (exit 3); a file with load errors is
     * returned as it is, for commands that hand it to Linux too ({@code --kernel}).
     */
    static Program assemble(Path file, PrintWriter err) {
        byte[] bytes = readBytes(file);
        if (ElfObject.isElf(bytes)) {
            return readObject(file, bytes, err);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Assembly asm = Assembler.assemble(file.toString(), text);
        if (!asm.ok()) {
            DiagnosticPrinter.print(asm.errors(), text, false, err);
            throw new CliException(ExitCodes.LOAD_ERROR, count(asm.errors().size()) + " in " + file);
        }
        return asm.program();
    }

    /** A clang-compiled object ({@link ElfReader}); a malformed one is its one-line error, exit 3. */
    static Program readObject(Path file, byte[] bytes, PrintWriter err) {
        try {
            Program p = ElfReader.INSTANCE.read(file.toString(), bytes);
            for (Program.LeftOut l : p.leftOut()) {
                err.println(file + ": note: program '" + l.name() + "' left out: " + l.reason());
            }
            for (String note : p.notes()) {
                err.println(file + ": note: " + note);
            }
            err.flush();
            return p;
        } catch (ProgramSourceException e) {
            throw new CliException(ExitCodes.LOAD_ERROR, e.getMessage(), e);
        }
    }

    static String count(int errors) {
        return errors + (errors == 1 ? " error" : " errors");
    }

    /** The reason of an I/O failure in a few words ("no such file", "permission denied"...). */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Prints why a program did not load (for a verifier rejection its log, then the message) and returns
     * the exit code: {@link ExitCodes#VERIFIER_REJECTED} or {@link ExitCodes#LOAD_ERROR}.
     */
    static int reportLoadFailure(LoadException e, PrintWriter err) {
        if (e.kind() == LoadException.Kind.REJECTED) {
            String log = e.verdict().log();
            if (log != null && !log.isEmpty()) {
                err.println(log.stripTrailing());
            }
            err.println(e.getMessage());
            return ExitCodes.VERIFIER_REJECTED;
        }
        err.println(e.getMessage());
        return ExitCodes.LOAD_ERROR;
    }
}
