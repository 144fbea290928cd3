package org.rqbpf.program;

import java.nio.file.Path;
import java.util.List;
import org.rqbpf.isa.RawInsn;

/**
 * One test of the bpf_conformance suite: a program, its input memory and the expected {@code r0}.
 * The runner gives the program r1 = a pointer to a copy of {@code memory} (0 when it is empty),
 * r2 = its length and a 512-byte stack (conformance README).
 *
 * @param file where it was read from
 * @param program the program's slots (from {@code -- asm}; {@code -- raw} when there is no asm section)
 * @param memory the bytes of {@code -- mem}, empty when the test has none
 * @param expected the value of {@code -- result}: r0 when the program exits
 */
public record ConformanceTest(Path file, List<RawInsn> program, byte[] memory, long expected) {
    /** The test's name: its file name without {@code .data}. */
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".data") ? n.substring(0, n.length() - 5) : n;
    }
}
