package org.rqbpf.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;

class MapUpdateTest {
    @Test
    void parsesBpftoolsWords() {
        MapUpdate u = MapUpdate.parse("  rules key 24 0 0x0 0 value hex 0a ff noexist ", "cli");
        assertEquals("rules", u.map());
        assertArrayEquals(new byte[] {24, 0, 0, 0}, u.key());
        assertArrayEquals(new byte[] {10, (byte) 0xff}, u.value());
        assertEquals(1, u.flags());
        assertEquals(2, MapUpdate.parse("m key 1 value 2 exist", "cli").flags());
        assertEquals(0, MapUpdate.parse("m key 1 value 2", "cli").flags());
    }

    @Test
    void aFileHasOneUpdatePerLineWithCommentsAndSaysWhichLineIsWrong() {
        List<MapUpdate> all = MapUpdate.parseAll("# rules\n\nm key 1 value 2  # first\nm key 3 value 4\n", "r.maps");
        assertEquals(List.of("r.maps:3", "r.maps:4"), all.stream().map(MapUpdate::where).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapUpdate.parseAll("m key 1 value 2\nm key 256 value 1\n", "r.maps"));
        assertEquals("r.maps:2: 256 in the key does not fit in a byte", e.getMessage());
    }

    @Test
    void malformedUpdatesSayWhatIsWrong() {
        assertEquals("cli: expected 'MAP key BYTES value BYTES [any|noexist|exist]', not 'm 1 2'",
                assertThrows(IllegalArgumentException.class, () -> MapUpdate.parse("m 1 2", "cli")).getMessage());
        assertEquals("cli: no 'value' after the key",
                assertThrows(IllegalArgumentException.class, () -> MapUpdate.parse("m key 1 2 3", "cli")).getMessage());
        assertEquals("cli: 'x' in the value is not a byte",
                assertThrows(IllegalArgumentException.class, () -> MapUpdate.parse("m key 1 value x", "cli")).getMessage());
        assertEquals("cli: 'any' must come last",
                assertThrows(IllegalArgumentException.class, () -> MapUpdate.parse("m key 1 value 1 any 2", "cli"))
                        .getMessage());
        assertEquals("cli: the value has no bytes after 'hex'",
                assertThrows(IllegalArgumentException.class, () -> MapUpdate.parse("m key 1 value hex", "cli")).getMessage());
    }

    private static final String FILE = """
            struct {
            \t__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
            \t__uint(max_entries, 1);
            \t__type(key, u32);
            \t__type(value, u32);
            } pcpu SEC(".maps");

            SEC("tc")
            prog:
            \tr0 = 0
            \texit
            """;

    @Test
    void aPerCpuValueOfOneCpusSizeGoesToEveryCpuAndBadUpdatesStopTheRun() throws Exception {
        Program p = Assembler.parse("u.bpf", FILE);
        AttachOptions o = AttachOptions.defaults().withCpus(2).withDuration(Duration.ofMillis(50));
        AttachRun.Result r = AttachRun.run(p, o, List.of(MapUpdate.parse("pcpu key 0 0 0 0 value 7 0 0 0", "t")), null);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0},
                r.file().maps().byName("pcpu").lookup(new byte[4]));
        assertEquals("t: no map named 'nope' in u.bpf", assertThrows(AttachException.class,
                () -> AttachRun.run(p, o, List.of(MapUpdate.parse("nope key 0 value 0", "t")), null)).getMessage());
        assertEquals("t: the value of map 'pcpu' has 4 bytes (or 16 for all CPUs), not 2", assertThrows(AttachException.class,
                () -> AttachRun.run(p, o, List.of(MapUpdate.parse("pcpu key 0 0 0 0 value 1 2", "t")), null)).getMessage());
        assertEquals("t: updating map 'pcpu' failed with E2BIG", assertThrows(AttachException.class,
                () -> AttachRun.run(p, o, List.of(MapUpdate.parse("pcpu key 1 0 0 0 value 1 0 0 0", "t")), null)).getMessage());
    }
}
