package org.rqbpf.grammar;

import java.io.IOException;
import java.nio.file.Path;

/** Assembles {@code .bpf} source text into a {@link org.rqbpf.program.Program}. */
public final class Assembler {
    private Assembler() {}

    /** Reads and assembles a file; I/O errors propagate. */
    public static Assembly assembleFile(Path file) throws IOException {
        throw new UnsupportedOperationException("assembler under construction");
    }

    /** Assembles source text; {@code fileName} is used in messages and for libbpf data-section map names. */
    public static Assembly assemble(String fileName, String text) {
        throw new UnsupportedOperationException("assembler under construction");
    }
}
