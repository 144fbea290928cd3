package org.rqbpf.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SemanticsTest {
    private static final long INT_MIN_ZEXT = 0x8000_0000L;

    @Test
    void divisionByZeroGivesZero() {
        assertEquals(0, Semantics.div64(42, 0));
        assertEquals(0, Semantics.sdiv64(-42, 0));
        assertEquals(0, Semantics.div32(42, 0));
        assertEquals(0, Semantics.sdiv32(-42, 0));
        // Only the low 32 bits of the divisor count for the 32-bit forms.
        assertEquals(0, Semantics.div32(42, 0x1_0000_0000L));
    }

    @Test
    void moduloByZeroLeavesTheDestination() {
        assertEquals(-7L, Semantics.mod64(-7L, 0));
        assertEquals(-7L, Semantics.smod64(-7L, 0));
        // 32-bit forms keep the low 32 bits, zero-extended.
        assertEquals(0xffff_fff9L, Semantics.mod32(-7L, 0));
        assertEquals(0x2345_6789L, Semantics.smod32(0x1_2345_6789L, 0));
    }

    @Test
    void signedDivisionOverflowIsDefined() {
        assertEquals(Long.MIN_VALUE, Semantics.sdiv64(Long.MIN_VALUE, -1));
        assertEquals(0, Semantics.smod64(Long.MIN_VALUE, -1));
        assertEquals(INT_MIN_ZEXT, Semantics.sdiv32(Integer.MIN_VALUE, -1));
        assertEquals(0, Semantics.smod32(Integer.MIN_VALUE, -1));
    }

    @Test
    void signedModuloTakesTheDividendsSign() {
        assertEquals(-1, Semantics.smod64(-7, 3));
        assertEquals(1, Semantics.smod64(7, -3));
        assertEquals(0xffff_ffffL, Semantics.smod32(-7, 3));
        assertEquals(-2, Semantics.sdiv64(-7, 3));
        assertEquals(0xffff_fffeL, Semantics.sdiv32(-7, 3));
    }

    @Test
    void unsignedDivisionTreatsOperandsAsUnsigned() {
        assertEquals(Long.divideUnsigned(-1L, 3), Semantics.div64(-1L, 3));
        assertEquals(0x7fff_ffffL, Semantics.div32(0xffff_ffffL, 2));
        assertEquals(1, Semantics.mod64(-1L, 2));
    }

    @Test
    void shiftsMaskTheirAmount() {
        assertEquals(2, Semantics.lsh64(1, 65));
        assertEquals(2, Semantics.lsh32(1, 33));
        assertEquals(1, Semantics.rsh64(2, 65));
        assertEquals(0x7fff_ffffL, Semantics.rsh32(0xffff_ffffL, 33));
        assertEquals(-1L, Semantics.arsh64(-2L, 65));
        // arsh32 works on the low 32 bits and zero-extends.
        assertEquals(0xffff_ffffL, Semantics.arsh32(0x8000_0000L, 31));
        assertEquals(0xc000_0000L, Semantics.arsh32(0x1_8000_0000L, 1));
    }

    @Test
    void thirtyTwoBitResultsZeroExtend() {
        assertEquals(0, Semantics.add32(0xffff_ffffL, 1));
        assertEquals(0xffff_ffffL, Semantics.sub32(0, 1));
        assertEquals(0, Semantics.mul32(0x1_0000_0000L, 5));
        assertEquals(INT_MIN_ZEXT, Semantics.neg32(Integer.MIN_VALUE));
        assertEquals(0xffff_ffffL, Semantics.neg32(1));
        assertEquals(0x1234_5678L, Semantics.zext32(0xdead_beef_1234_5678L));
    }

    @Test
    void signExtendingMoves() {
        assertEquals(-128, Semantics.movsx64(0x80, 8));
        assertEquals(-32768, Semantics.movsx64(0x8000, 16));
        assertEquals(-1, Semantics.movsx64(0xffff_ffffL, 32));
        assertEquals(0xffff_ff80L, Semantics.movsx32(0x80, 8));
        assertEquals(0xffff_8000L, Semantics.movsx32(0x1_8000, 16));
        assertEquals(0x7f, Semantics.movsx64(0x7f, 8));
    }

    @Test
    void byteOrder() {
        long v = 0x0102_0304_0506_0708L;
        assertEquals(0x0807, Semantics.bswap(v, 16));
        assertEquals(0x0807_0605L, Semantics.bswap(v, 32));
        assertEquals(0x0807_0605_0403_0201L, Semantics.bswap(v, 64));
        assertEquals(0x0708, Semantics.toLe(v, 16));
        assertEquals(0x0506_0708L, Semantics.toLe(v, 32));
        assertEquals(v, Semantics.toLe(v, 64));
    }

    @Test
    void jumpConditions() {
        assertTrue(Semantics.cond64(Bpf.JGT, -1L, 1));
        assertFalse(Semantics.cond64(Bpf.JSGT, -1L, 1));
        assertTrue(Semantics.cond64(Bpf.JSLT, -1L, 1));
        assertTrue(Semantics.cond64(Bpf.JSET, 6, 2));
        assertFalse(Semantics.cond64(Bpf.JSET, 4, 2));
        // JMP32 compares only the low halves.
        assertTrue(Semantics.cond32(Bpf.JEQ, 0x1_0000_0005L, 5));
        assertFalse(Semantics.cond64(Bpf.JEQ, 0x1_0000_0005L, 5));
        assertTrue(Semantics.cond32(Bpf.JSLT, 0xffff_ffffL, 0));
        assertFalse(Semantics.cond64(Bpf.JSLT, 0xffff_ffffL, 0));
        assertTrue(Semantics.cond32(Bpf.JGE, 0xffff_ffffL, 0xffff_fffeL));
        assertTrue(Semantics.cond32(Bpf.JLE, 3, 3));
        assertFalse(Semantics.cond32(Bpf.JSET, 0x1_0000_0000L, 0x1_0000_0000L));
    }
}
