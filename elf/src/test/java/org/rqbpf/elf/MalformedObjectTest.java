package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rqbpf.program.ProgramSourceException;

/**
 * Every way an object can be broken ends in one {@link ProgramSourceException} line naming the problem,
 * never another exception; mutated objects (seeded) prove it beyond the cases written out.
 */
class MalformedObjectTest {
    private static byte[] object() throws Exception {
        return Files.readAllBytes(Examples.DIR.resolve("flow_counters.o"));
    }

    private static String error(byte[] bytes) {
        ProgramSourceException e = assertThrows(ProgramSourceException.class, () -> ElfReader.INSTANCE.read("x.o", bytes));
        assertTrue(e.getMessage().startsWith("x.o: error: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static ElfObject elf(byte[] b) throws Exception {
        return ElfObject.parse(b);
    }

    @Test
    void notElfOr32BitOrBigEndianOrNotBpf() throws Exception {
        byte[] o = object();
        byte[] b = o.clone();
        b[4] = 1;
        assertTrue(error(b).contains("not a 64-bit ELF"));
        b = o.clone();
        b[5] = 2;
        assertTrue(error(b).contains("not a little-endian"));
        b = o.clone();
        b[18] = 62;
        assertTrue(error(b).contains("not a BPF object (e_machine 62"));
        assertTrue(error(Arrays.copyOf(o, 40)).contains("truncated ELF header"));
    }

    @Test
    void truncatedObjectsArePastTheEndOfTheFile() throws Exception {
        byte[] o = object();
        for (int len : new int[] {64, 200, o.length / 2, o.length - 1}) {
            String e = error(Arrays.copyOf(o, len));
            assertTrue(e.contains("past the end of the file"), len + ": " + e);
        }
    }

    @Test
    void badSectionIndicesAndNames() throws Exception {
        byte[] o = object();
        ByteBuffer b = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
        byte[] bad = o.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(62, (short) 999);
        assertTrue(error(bad).contains("section name table index 999 out of range"));
        ElfObject elf = elf(o);
        ElfObject.Section symtab = elf.sections().stream().filter(s -> s.type() == ElfObject.SHT_SYMTAB).findFirst().orElseThrow();
        bad = o.clone();
        int sym1 = (int) symtab.offset() + 24;
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(sym1 + 6, (short) 500);
        assertTrue(error(bad).contains("symbol 1: section index 500 out of range"), error(bad));
        bad = o.clone();
        long shoff = b.getLong(40);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt((int) shoff + 64 * 2, 0x7fff_0000);
        assertTrue(error(bad).contains("outside its string table"), error(bad));
    }

    @Test
    void aRelocationPastTheEndOfItsSection() throws Exception {
        byte[] o = object();
        ElfObject elf = elf(o);
        ElfObject.Section rel = elf.sections().stream().filter(s -> s.type() == ElfObject.SHT_REL && s.name().equals(".reltc"))
                .findFirst().orElseThrow();
        byte[] bad = o.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong((int) rel.offset(), 1 << 20);
        String e = error(bad);
        assertTrue(e.contains("relocation at offset 1048576 is past the end of tc"), e);
        bad = o.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong((int) rel.offset(), 4);
        assertTrue(error(bad).contains("not at an instruction boundary"), error(bad));
    }

    @Test
    void btfGarbage() throws Exception {
        byte[] o = object();
        ElfObject.Section btf = elf(o).section(".BTF");
        byte[] bad = o.clone();
        bad[(int) btf.offset()] = 0x12;
        assertTrue(error(bad).contains(".BTF: bad magic"), error(bad));
        bad = o.clone();
        ByteBuffer bb = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        int firstType = (int) btf.offset() + bb.getInt((int) btf.offset() + 4) + bb.getInt((int) btf.offset() + 8);
        bb.putInt(firstType + 4, 30 << 24);
        assertTrue(error(bad).contains(".BTF: type 1 has unknown kind 30"), error(bad));
        bad = o.clone();
        bb = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(firstType + 8, 100_000);
        assertTrue(error(bad).contains("refers to type 100000, which does not exist"), error(bad));
    }

    @Test
    void mutatedObjectsAreReadOrRefusedWithOneLine() throws Exception {
        for (var path : Examples.objects()) {
            byte[] o = Files.readAllBytes(path);
            SplittableRandom rnd = new SplittableRandom(path.getFileName().toString().hashCode());
            for (int round = 0; round < 300; round++) {
                byte[] m = o.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                if (rnd.nextInt(10) == 0) {
                    m = Arrays.copyOf(m, rnd.nextInt(m.length));
                }
                try {
                    ElfReader.INSTANCE.read("m.o", m);
                } catch (ProgramSourceException e) {
                    assertTrue(e.getMessage().startsWith("m.o: error: ") && !e.getMessage().contains("\n"), e.getMessage());
                } catch (RuntimeException e) {
                    throw new AssertionError(path.getFileName() + " round " + round + ": " + e, e);
                }
            }
        }
    }
}
