package org.rqbpf.grammar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramReader;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.program.SourcePos;

/** Assembles {@code .bpf} source text into a {@link org.rqbpf.program.Program}. */
public final class Assembler {
    private Assembler() {}

    /** The assembler as a {@link ProgramReader}: source errors become one {@link ProgramSourceException}. */
    public static final ProgramReader READER = (fileName, bytes) ->
            checked(assemble(fileName, new String(bytes, StandardCharsets.UTF_8)));

    /** Assembles a file, or throws with every source error rendered. */
    public static Program parse(Path file) throws IOException, ProgramSourceException {
        return checked(assembleFile(file));
    }

    /** Assembles source text, or throws with every source error rendered. */
    public static Program parse(String fileName, String text) throws ProgramSourceException {
        return checked(assemble(fileName, text));
    }

    private static Program checked(Assembly a) throws ProgramSourceException {
        if (!a.ok()) {
            throw new ProgramSourceException(a.renderErrors());
        }
        return a.program();
    }

    /** Reads and assembles a file; I/O errors propagate. Bytes that are not UTF-8 read as U+FFFD. */
    public static Assembly assembleFile(Path file) throws IOException {
        return assemble(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Assembles source text; {@code fileName} is used in messages and for libbpf data-section map names.
     * Never throws for any input: a failure of the assembler itself is reported as an error of the file.
     */
    public static Assembly assemble(String fileName, String text) {
        try {
            return new FileAssembler(fileName, text).run();
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = new Diagnostic(new SourcePos(fileName, 1, 1), Errno.EINVAL, "internal assembler error: " + e);
            return new Assembly(null, List.of(d), text);
        }
    }
}
