package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsmCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void listsEachProgramWithIndexBytesAndCanonicalText() throws IOException {
        Path f = write("two.bpf", "static one:\n\tr0 = 1\n\texit\nSEC(\"?tc\")\na:\n\tr1 = *(u32 *)(r10 -4)\n"
                + "\tif r1 > 5 goto out\n\tcall one\nout:\n\texit\n");
        CliRun r = CliRun.of("asm", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                program a SEC("?tc"): 6 slots
                a:
                       0:\t61 a1 fc ff 00 00 00 00\tr1 = *(u32 *)(r10 - 4)
                       1:\t25 01 01 00 05 00 00 00\tif r1 > 5 goto +1 <out>
                       2:\t85 10 00 00 01 00 00 00\tcall pc+1 <one>
                out:
                       3:\t95 00 00 00 00 00 00 00\texit
                one:
                       4:\tb7 00 00 00 01 00 00 00\tr0 = 1
                       5:\t95 00 00 00 00 00 00 00\texit

                """, r.out());
    }

    @Test
    void writesRawImagesWithRaw() throws IOException {
        Path f = write("raw.bpf", "SEC(\"tc\")\nprog:\n\tr0 = 0x1122334455667788 ll\n\texit\n");
        Path out = dir.resolve("bins");
        CliRun r = CliRun.of("asm", f.toString(), "--raw", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new byte[] {0x18, 0, 0, 0, (byte) 0x88, 0x77, 0x66, 0x55, 0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11,
            (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}, Files.readAllBytes(out.resolve("prog.bin")));
        CliRun back = CliRun.of("disasm", out.resolve("prog.bin").toString());
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().contains("\tr0 = 1234605616436508552 ll\n"), back.out());
    }

    @Test
    void writesAnObjectWithOutputThatEveryCommandReadsBack() throws IOException {
        Path f = write("obj.bpf", "static one:\n\tr0 = 1\n\texit\nSEC(\"tc\")\n__success __retval(1)\na:\n\tcall one\n\texit\n");
        Path o = dir.resolve("obj.o");
        CliRun r = CliRun.of("asm", f.toString(), "-o", o.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + o + " (" + Files.size(o) + " bytes, 1 programs, 0 maps)\n", r.out());
        assertEquals(CliRun.of("asm", f.toString()).out(), CliRun.of("asm", o.toString()).out());
        CliRun test = CliRun.of("test", o.toString());
        assertEquals(0, test.code(), test.out() + test.err());
        assertTrue(test.out().endsWith("1 passed, 0 failed\n"), test.out());

        Path again = dir.resolve("again.o");
        assertEquals(0, CliRun.of("asm", o.toString(), "--output", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(o), Files.readAllBytes(again), "an object written from an object is the same");
    }

    @Test
    void anObjectThatCannotBeWrittenIsOneLineAndExitCode3() throws IOException {
        Path f = write("val.bpf", "struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, 1);\n"
                + "\t__type(key, u32);\n\t__type(value, u64);\n} arr SEC(\".maps\");\n"
                + "SEC(\"tc\")\np:\n\tr1 = map[0][0]+0 ll\n\tr0 = 0\n\texit\n");
        CliRun r = CliRun.of("asm", f.toString(), "-o", dir.resolve("val.o").toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("rqbpf: " + f + ": cannot write an object: program 'p' insn 0: the address of a value of map 'arr' "
                + "(an object can only take a global variable's)\n", r.err());
        assertTrue(Files.notExists(dir.resolve("val.o")));
    }

    @Test
    void sourceErrorsAreRenderedOnStderrWithExitCode3() throws IOException {
        Path f = write("bad.bpf", "SEC(\"tc\")\np:\n\tr0 = 0\n\tmov r0, 1\n\tcall nope\n\texit\n");
        CliRun r = CliRun.of("asm", f.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("", r.out());
        assertEquals(f + ":4:2: error: unknown instruction 'mov'\n\tmov r0, 1\n\t^\n"
                + f + ":5:7: error: unknown helper, kfunc or subprogram 'nope'\n\tcall nope\n\t     ^\n"
                + "2 errors in " + f + "\n", r.err());
    }

    @Test
    void loadErrorsAreListedWithTheirErrnoAndExitCode3() throws IOException {
        Path f = write("ro.bpf", "struct bpf_spin_lock l SEC(\".rodata\");\nSEC(\"tc\")\np:\n\texit\n");
        CliRun r = CliRun.of("asm", f.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertTrue(r.err().startsWith(f + ":1:22: error: map 'ro.rodata' is read-only to programs and cannot hold "
                + "'struct bpf_spin_lock'\n"), r.err());
        assertTrue(r.err().trim().endsWith("[EACCES]"), r.err());
    }

    @Test
    void anUnreadableFileIsOneLineWithExitCode3() {
        CliRun r = CliRun.of("asm", dir.resolve("missing.bpf").toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("rqbpf: cannot read " + dir.resolve("missing.bpf") + ": no such file\n", r.err());
    }
}
