package org.rqbpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SteppingClockTest {
    @Test
    void everyReadMovesTheClockByOneStep() {
        SteppingClock c = new SteppingClock(1_000);
        assertEquals(1_000, c.nanoTime());
        assertEquals(2_000, c.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> new SteppingClock(0));
    }
}
