package org.rqbpf.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;

/**
 * Runs the jcstress tests of {@link LockWordStress} in jcstress's {@code sanity} mode from a plain Maven
 * test: jcstress's annotation processor (on the test classpath) generates the harnesses at test-compile
 * time, and the runner forks JVMs with this JVM's class path. Sanity mode proves the tests run and the
 * forbidden outcomes do not appear in a short run; a real stress run is
 * {@code -m default} or longer (see the comment in the test body).
 */
@Timeout(300)
class JcstressSanityTest {
    @Test
    void lockWordProtocolSanity() throws Exception {
        Path results = Files.createTempDirectory("jcstress-results");
        String[] args = {"-m", "sanity", "-t", "LockWordStress", "-r", results.toString(), "-c", "2", "-jvmArgs", "-Xss8m"};
        Options opts = new Options(args);
        assertTrue(opts.parse());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            new JCStress(opts).run();
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("All remaining tests: 3 matching test results"), "all three tests ran:\n" + out);
        assertTrue(out.contains("Failed tests: No matches."), out);
        assertTrue(out.contains("Error tests: No matches."), out);
    }
}
