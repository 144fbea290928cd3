package org.rqbpf.program;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A front end: turns the bytes of one file into a {@link Program}. The text assembler is one; an ELF
 * object reader is another. Everything above this layer (the verifier, the engine, the host kernel's
 * loader) works on the {@code Program} alone, whichever front end produced it.
 */
@FunctionalInterface
public interface ProgramReader {
    /**
     * Reads {@code bytes}; {@code fileName} is used in messages and for names derived from the file.
     *
     * @throws ProgramSourceException when the file is not a valid program; its message is printable
     */
    Program read(String fileName, byte[] bytes) throws ProgramSourceException;

    /** Reads a file from disk; I/O errors propagate. */
    default Program read(Path file) throws IOException, ProgramSourceException {
        return read(file.toString(), Files.readAllBytes(file));
    }
}
