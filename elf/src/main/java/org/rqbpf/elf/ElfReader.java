package org.rqbpf.elf;

import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramReader;
import org.rqbpf.program.ProgramSourceException;

/**
 * The ELF front end: a BPF object as clang writes it ({@code clang -target bpf -O2 -g -c}) becomes the
 * same {@link Program} the text assembler makes of a {@code .bpf} file ({@link ObjectLoader} does the
 * work). A malformed object is one {@code FILE: error: ...} line.
 */
public final class ElfReader implements ProgramReader {
    public static final ElfReader INSTANCE = new ElfReader();

    private ElfReader() {}

    @Override
    public Program read(String fileName, byte[] bytes) throws ProgramSourceException {
        try {
            return new ObjectLoader(fileName, ElfObject.parse(bytes)).load();
        } catch (MalformedObjectException e) {
            throw new ProgramSourceException(fileName + ": error: " + e.getMessage());
        }
    }
}
