package org.rqbpf.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;

/** The C examples of examples/c/ and their committed objects. */
final class Examples {
    static final Path DIR = Path.of("..", "examples", "c").toAbsolutePath().normalize();

    private Examples() {}

    static List<Path> objects() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
        }
    }

    static Program read(String name) throws IOException, ProgramSourceException {
        return read(DIR.resolve(name));
    }

    static Program read(Path object) throws IOException, ProgramSourceException {
        return ElfReader.INSTANCE.read(object.getFileName().toString(), Files.readAllBytes(object));
    }
}
