package org.rqbpf.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rqbpf.frontend.ProgramFiles;

/** The {@code .bpf} and {@code .o} files named by test paths: files as given, folders searched recursively, sorted. */
public final class TestFiles {
    private TestFiles() {}

    public static List<Path> collect(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && ProgramFiles.isProgramFile(f)).sorted().forEach(out::add);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new IOException("no such file or directory: " + p);
            }
        }
        return out;
    }
}
