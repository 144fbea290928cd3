package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisasmCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsRawLittleEndianSlots() throws IOException {
        Path f = dir.resolve("p.bin");
        Files.write(f, new byte[] {(byte) 0xb7, 0, 0, 0, 5, 0, 0, 0, 0x55, 0x01, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0,
            (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0});
        CliRun r = CliRun.of("disasm", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                       0:\tb7 00 00 00 05 00 00 00\tr0 = 5
                       1:\t55 01 ff ff 00 00 00 00\tif r1 != 0 goto -1
                       2:\t95 00 00 00 00 00 00 00\texit
                       3:\tff 00 00 00 00 00 00 00\t<invalid: unknown opcode 0xff>
                """, r.out());
    }

    @Test
    void aLengthThatIsNotAMultipleOf8IsExitCode3() throws IOException {
        Path f = dir.resolve("odd.bin");
        Files.write(f, new byte[12]);
        CliRun r = CliRun.of("disasm", f.toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("rqbpf: " + f + ": 12 bytes is not a whole number of 8-byte instructions\n", r.err());
    }

    @Test
    void aMissingFileIsExitCode3() {
        CliRun r = CliRun.of("disasm", dir.resolve("none.bin").toString());
        assertEquals(ExitCodes.LOAD_ERROR, r.code());
        assertEquals("rqbpf: cannot read " + dir.resolve("none.bin") + ": no such file\n", r.err());
    }
}
