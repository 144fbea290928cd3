package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * {@code rqbpf asm -o FILE.o}: every loadable {@code .bpf} file of examples/ and test-programs/ written as
 * an object reads back (with {@link ElfReader}) to the same maps, globals and program images; the files
 * an object cannot express are refused with a reason, and only for the reasons an object has.
 */
class ObjectWriterRoundTripTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRepositoryProgramFileReadsBackFromItsObject() throws Exception {
        int written = 0;
        TreeMap<String, String> refused = new TreeMap<>();
        for (Path f : bpfFiles()) {
            String text = Files.readString(f);
            Assembly asm = Assembler.assemble(f.getFileName().toString(), text);
            if (!asm.ok() || !asm.program().loads()) {
                continue;
            }
            byte[] object;
            try {
                object = ObjectWriter.write(asm.program(), text);
            } catch (ObjectWriteException e) {
                refused.put(ROOT.relativize(f).toString(), e.getMessage());
                continue;
            }
            Program back = ElfReader.INSTANCE.read(f.getFileName().toString(), object);
            same(asm.program(), back, f.toString());
            written++;
        }
        assertTrue(written > 60, written + " files written; refused: " + refused);
        for (String why : refused.values()) {
            assertTrue(why.contains("(an object can only take") || why.contains("(an object names maps by symbol"),
                    "an unexpected refusal: " + refused);
        }
    }

    @Test
    void whatAnObjectCannotExpressIsRefusedWithTheInstructionAndTheReason() throws Exception {
        String maps = """
                struct {
                	__uint(type, BPF_MAP_TYPE_ARRAY);
                	__uint(max_entries, 1);
                	__type(key, u32);
                	__type(value, u64);
                } arr SEC(".maps");

                u64 counter = 1 SEC(".data");

                SEC("tc")
                prog:
                	%s
                	r0 = 0
                	exit
                """;
        Program valueOfAMap = Assembler.parse("v.bpf", maps.formatted("r1 = map[0][0]+8 ll"));
        ObjectWriteException e = assertThrows(ObjectWriteException.class,
                () -> ObjectWriter.write(valueOfAMap, null));
        assertEquals("program 'prog' insn 0: the address of a value of map 'arr' (an object can only take a global "
                + "variable's)", e.getMessage());
        Program dataMap = Assembler.parse("d.bpf", maps.formatted("r1 = map[1] ll"));
        e = assertThrows(ObjectWriteException.class, () -> ObjectWriter.write(dataMap, null));
        assertEquals("program 'prog' insn 0: the map of data section .data itself (an object can only take a variable's "
                + "address)", e.getMessage());
    }

    private static void same(Program a, Program b, String what) {
        assertEquals(a.maps().size(), b.maps().size(), what);
        for (int i = 0; i < a.maps().size(); i++) {
            MapDef x = a.maps().get(i), y = b.maps().get(i);
            String m = what + " map " + x.name();
            assertEquals(x.name(), y.name(), m);
            assertEquals(x.type(), y.type(), m);
            assertEquals(x.keySize(), y.keySize(), m);
            assertEquals(x.valueSize(), y.valueSize(), m);
            assertEquals(x.maxEntries(), y.maxEntries(), m);
            assertEquals(x.flags(), y.flags(), m);
            assertEquals(x.lockFields(), y.lockFields(), m);
            assertEquals(x.section(), y.section(), m);
            if (x.initialValue() != null) {
                assertArrayEquals(x.initialValue(), y.initialValue(), m);
            }
        }
        List<String> ga = new ArrayList<>(), gb = new ArrayList<>();
        for (GlobalVar v : a.globals()) {
            ga.add(v.name() + "@" + v.section() + "+" + v.offset() + ":" + v.type().size());
        }
        for (GlobalVar v : b.globals()) {
            gb.add(v.name() + "@" + v.section() + "+" + v.offset() + ":" + v.type().size());
        }
        assertEquals(ga.stream().sorted().toList(), gb.stream().sorted().toList(), what);
        assertEquals(a.programs().size(), b.programs().size(), what);
        for (BpfProgram p : a.programs()) {
            BpfProgram q = b.program(p.name()).orElseThrow();
            assertEquals(p.section(), q.section(), what);
            assertEquals(p.autoload(), q.autoload(), what);
            assertEquals(p.type(), q.type(), what);
            assertEquals(p.insns(), q.insns(), what + ":" + p.name());
            assertEquals(p.functions(), q.functions(), what + ":" + p.name());
            sameAnnotations(p.annotations(), q.annotations(), what + ":" + p.name());
        }
    }

    /** Annotations compare without their positions (an object has no source lines for them). */
    private static void sameAnnotations(Annotations a, Annotations b, String what) {
        assertEquals(a.expected(), b.expected(), what);
        assertEquals(a.retval() == null ? null : a.retval().intValue(), b.retval() == null ? null : b.retval().intValue(), what);
        assertEquals(a.description(), b.description(), what);
        assertEquals(a.logLevel(), b.logLevel(), what);
        assertEquals(messages(a.messages()), messages(b.messages()), what);
        assertEquals(a.unpriv() == null, b.unpriv() == null, what);
        if (a.unpriv() != null) {
            assertEquals(a.unpriv().expected(), b.unpriv().expected(), what);
            assertEquals(a.unpriv().retval(), b.unpriv().retval(), what);
            assertEquals(messages(a.unpriv().messages()), messages(b.unpriv().messages()), what);
        }
    }

    private static List<String> messages(List<Annotations.Message> ms) {
        return ms.stream().map(m -> (m.negated() ? "not " : "") + m.text()).toList();
    }

    private static List<Path> bpfFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("examples", "test-programs")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".bpf")).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
