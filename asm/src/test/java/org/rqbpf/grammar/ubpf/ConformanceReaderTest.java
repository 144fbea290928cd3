package org.rqbpf.grammar.ubpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.isa.Decoder;
import org.rqbpf.program.ConformanceTest;
import org.rqbpf.isa.Disassembler;
import org.rqbpf.isa.RawInsn;

class ConformanceReaderTest {
    private static final Path SUITE = ConformanceSuite.configured();

    @Test
    void readsAllTestsOfTheSuite() throws Exception {
        needsTheSuite();
        List<ConformanceTest> tests = ConformanceReader.readAll(SUITE);
        assertEquals(313, tests.size());
        for (ConformanceTest t : tests) {
            assertTrue(!t.program().isEmpty(), t.name());
            Decoder.decodeAll(t.program());
        }
    }

    @Test
    void asmAgreesWithTheRawSection() throws Exception {
        needsTheSuite();
        ConformanceTest t = ConformanceReader.read(SUITE.resolve("lddw.data"));
        assertEquals(List.of(RawInsn.fromLong(0x5566778800000018L), RawInsn.fromLong(0x1122334400000000L),
                RawInsn.fromLong(0x95L)), t.program());
        assertEquals(0x1122334455667788L, t.expected());
    }

    @Test
    void readsEveryDialectForm(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("forms.data");
        Files.writeString(f, """
                # comment
                -- asm
                mov32 %r0, 0
                add %r1, -3
                sdiv32 %r1, %r2
                neg %r3
                movsx1664 %r0, %r1
                be16 %r0
                swap32 %r1
                lddw %r2, 0xFFFFFF00000002
                ldxdw %r1, [%r10-8]
                ldxsh %r1, [%r1+0x2]
                stxw [%r10-4], %r1
                stb [%r1], 5
                lock fetch add [%r10-8], %r1
                lock cmpxchg32 [%r10-8], %r1
                lock xor [%r10-8], %r1
                jne32 %r1, %r0, done
                jsle %r1, 3, +1
                ja32 done
                call local f
                call %r2
                call 5
                done:
                exit
                f:
                exit
                -- mem
                00: 11 22
                33
                -- result
                0x10
                """);
        ConformanceTest t = ConformanceReader.read(f);
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, t.memory());
        assertEquals(16, t.expected());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < t.program().size(); i += t.program().get(i).isLdImm64() ? 2 : 1) {
            text.append(Disassembler.text(t.program(), i)).append('\n');
        }
        assertEquals("""
                w0 = 0
                r1 += -3
                w1 s/= w2
                r3 = -r3
                r0 = (s16)r1
                r0 = be16 r0
                r1 = bswap32 r1
                r2 = 72057589742960642 ll
                r1 = *(u64 *)(r10 - 8)
                r1 = *(s16 *)(r1 + 2)
                *(u32 *)(r10 - 4) = r1
                *(u8 *)(r1 + 0) = 5
                r1 = atomic_fetch_add((u64 *)(r10 - 8), r1)
                w0 = cmpxchg32_32(r10 - 8, w0, w1)
                lock *(u64 *)(r10 - 8) ^= r1
                if w1 != w0 goto +5
                if r1 s<= 3 goto +1
                gotol +3
                call pc+3
                callx r2
                call 5
                exit
                exit
                """, text.toString());
    }

    @Test
    void reportsTheLineOfABadInstruction(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.data");
        Files.writeString(f, "-- asm\nmov %r0, 1\nfrob %r0\nexit\n-- result\n0\n");
        ConformanceFormatException e = assertThrows(ConformanceFormatException.class, () -> ConformanceReader.read(f));
        assertEquals(f + ":3: unknown mnemonic 'frob': frob %r0", e.getMessage());
    }

    /** Skips the calling test, saying why in the build output, when the suite is absent. */
    private static void needsTheSuite() {
        if (!ConformanceSuite.present()) {
            System.out.println("SKIPPED: " + ConformanceSuite.absence());
        }
        assumeTrue(ConformanceSuite.present(), ConformanceSuite.absence());
    }
}
