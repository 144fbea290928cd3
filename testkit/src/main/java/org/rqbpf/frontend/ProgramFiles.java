package org.rqbpf.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rqbpf.elf.ElfObject;
import org.rqbpf.elf.ElfReader;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;

/**
 * A program file through the front end its bytes call for: an ELF object (clang's {@code .o}, by its
 * magic) through {@link ElfReader}, anything else as {@code .bpf} text through the assembler.
 */
public final class ProgramFiles {
    private ProgramFiles() {}

    /** Whether {@code path} names a file the test runners pick up in a folder: {@code .bpf} or {@code .o}. */
    public static boolean isProgramFile(Path path) {
        String n = path.getFileName().toString();
        return n.endsWith(".bpf") || n.endsWith(".o");
    }

    /**
     * Reads {@code path}; {@code name} is the file name messages and map names use.
     *
     * @throws ProgramSourceException with every source error rendered, or the object's one error line
     */
    public static Program read(Path path, String name) throws IOException, ProgramSourceException {
        byte[] bytes = Files.readAllBytes(path);
        if (ElfObject.isElf(bytes)) {
            return ElfReader.INSTANCE.read(name, bytes);
        }
        // lenient decoding: a binary file is reported as source errors, not as a decoding failure
        return Assembler.parse(name, new String(bytes, StandardCharsets.UTF_8));
    }
}
