package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.program.SourceWriter;

/** {@code rqbpf disasm FILE.o}: the text it writes assembles back to the object's maps and instructions. */
class SourceWriterRoundTripTest {
    @Test
    void everyExampleObjectAssemblesBackToTheSameMapsGlobalsAndImages() throws Exception {
        for (Path o : Examples.objects()) {
            Program object = Examples.read(o);
            String text = SourceWriter.write(object);
            Program back = Assembler.parse(o.getFileName().toString(), text);
            assertEquals(object.maps().size(), back.maps().size(), text);
            for (int i = 0; i < object.maps().size(); i++) {
                MapDef a = object.maps().get(i), b = back.maps().get(i);
                assertEquals(a.name(), b.name(), text);
                assertEquals(a.type(), b.type(), a.name());
                assertEquals(a.keySize(), b.keySize(), a.name());
                assertEquals(a.valueSize(), b.valueSize(), a.name());
                assertEquals(a.maxEntries(), b.maxEntries(), a.name());
                assertEquals(a.flags(), b.flags(), a.name());
                assertEquals(a.lockFields(), b.lockFields(), a.name());
                if (a.initialValue() != null) {
                    assertArrayEquals(a.initialValue(), b.initialValue(), a.name());
                }
            }
            assertEquals(object.globals().size(), back.globals().size(), text);
            assertEquals(object.programs().size(), back.programs().size());
            for (BpfProgram p : object.programs()) {
                BpfProgram q = back.program(p.name()).orElseThrow();
                assertEquals(p.section(), q.section());
                assertEquals(p.autoload(), q.autoload());
                sameAnnotations(p, q);
                assertEquals(p.insns(), q.insns(), o + ":" + p.name() + "\n" + text);
                assertEquals(p.functions(), q.functions(), p.name());
            }
        }
    }

    /** Annotations compare without their positions (the text's lines are not the C file's). */
    private static void sameAnnotations(BpfProgram p, BpfProgram q) {
        assertEquals(p.annotations().expected(), q.annotations().expected());
        assertEquals(p.annotations().retval(), q.annotations().retval());
        assertEquals(p.annotations().messages().size(), q.annotations().messages().size());
        for (int i = 0; i < p.annotations().messages().size(); i++) {
            assertEquals(p.annotations().messages().get(i).text(), q.annotations().messages().get(i).text());
            assertEquals(p.annotations().messages().get(i).negated(), q.annotations().messages().get(i).negated());
        }
    }
}
