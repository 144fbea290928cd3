package org.rqbpf.runtime.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.runtime.MapTable;

class RuntimeHelpersTest {
    @Test
    void everyHelperTheVerifierAcceptsHasAnImplementation() {
        SimMachine machine = new SimMachine(1);
        RuntimeHelpers table = new RuntimeHelpers(new MapTable(machine.memory(), "none", List.of()));
        for (Helper h : Helper.values()) {
            assertNotNull(table.helper(h.id()), h.fname());
        }
        for (int id = 0; id < HelperNames.maxId(); id++) {
            if (Helper.byId(id) == null) {
                assertNull(table.helper(id), HelperNames.of(id));
            }
        }
    }

    @Test
    void checksumsAreTheKernelsOnesComplementArithmetic() {
        // RFC 1624's example: the field 0xdd2f after a word 0x5555 becomes 0x3285.
        assertEquals(0x0000, Checksums.replace2(0xdd2f, 0x5555, 0x3285));
        assertEquals(0xfbf9, Checksums.from32to16(0xfefdfcfb));
        assertEquals(0xffff, Checksums.fold(0));
        int check = 0x1234;
        int swapped = Checksums.replace4(check, 0x0a000001, 0x0a000002);
        assertEquals(check, Checksums.replace4(swapped, 0x0a000002, 0x0a000001));
        assertEquals(Checksums.replace2(check, 0x0001, 0x0002), Checksums.replace4(check, 0x0001, 0x0002));
        assertEquals(0x0102_0304, Checksums.partial(new byte[] {4, 3, 2, 1}, 0));
        assertEquals(0x0102_0305, Checksums.partial(new byte[] {4, 3, 2, 1}, 0xffff_ffff + 2));
    }
}
