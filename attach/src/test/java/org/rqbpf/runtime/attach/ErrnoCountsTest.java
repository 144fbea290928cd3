package org.rqbpf.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;

class ErrnoCountsTest {
    @Test
    void aHelpersErrnoIsANegative64BitValueNotATimeWhoseLow32BitsLookNegative() {
        ErrnoCounts c = new ErrnoCounts(1);
        c.recordHelper(0, 0x1_FFFF_FFFFL);
        c.recordHelper(0, 0xFFFF_FFDDL);
        assertEquals(Map.of(), c.nonZero(), "bpf_ktime_get_ns values are no errors");
        c.recordHelper(0, -Errno.ENOENT);
        c.recordHelper(0, -4096);
        assertEquals(Map.of("ENOENT", 1L), c.nonZero());
    }

    @Test
    void anIntKfuncsErrnoIsInItsLow32Bits() {
        ErrnoCounts c = new ErrnoCounts(1);
        c.recordInt(0, 0xFFFF_FFDDL);
        c.recordInt(0, -Errno.ETIMEDOUT);
        c.recordInt(0, 0);
        assertEquals(1, c.get(Errno.EDEADLK));
        assertEquals(1, c.get(Errno.ETIMEDOUT));
    }
}
