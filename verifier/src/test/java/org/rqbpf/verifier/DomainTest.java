package org.rqbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rqbpf.isa.Bpf.ADD;
import static org.rqbpf.isa.Bpf.AND;
import static org.rqbpf.isa.Bpf.JGT;
import static org.rqbpf.isa.Bpf.JNE;
import static org.rqbpf.isa.Bpf.JSLT;
import static org.rqbpf.isa.Bpf.LSH;

import org.junit.jupiter.api.Test;
import org.rqbpf.verifier.domain.BranchRefiner;
import org.rqbpf.verifier.domain.Scalar;
import org.rqbpf.verifier.domain.ScalarAlu;
import org.rqbpf.verifier.domain.Tnum;

class DomainTest {
    @Test
    void tnumRangeAndInclusion() {
        Tnum t = Tnum.range(0, 255);
        assertEquals(new Tnum(0, 0xff), t);
        assertTrue(t.contains(Tnum.constant(17)));
        assertFalse(t.contains(Tnum.constant(256)));
        assertEquals(Tnum.constant(5), Tnum.constant(2).add(Tnum.constant(3)));
    }

    @Test
    void andWithMaskBoundsTheValue() {
        Scalar s = Scalar.unknown();
        ScalarAlu.apply(AND, s, Scalar.constant(0xff), true, 0);
        assertEquals(0, s.umin);
        assertEquals(255, s.umax);
        assertEquals(0, s.smin);
        assertEquals(255, s.smax);
    }

    @Test
    void addOfBoundedValuesAddsBounds() {
        Scalar a = Scalar.unsignedRange(1, 10);
        ScalarAlu.apply(ADD, a, Scalar.unsignedRange(5, 6), true, 0);
        assertEquals(6, a.umin);
        assertEquals(16, a.umax);
    }

    @Test
    void constantsFoldWithRfcSemantics() {
        Scalar a = Scalar.constant(-7);
        ScalarAlu.apply(org.rqbpf.isa.Bpf.ARSH, a, Scalar.constant(1), true, 0);
        assertTrue(a.isConst());
        assertEquals(-4, a.constValue());
    }

    /** Linux 6.18 learns nothing from div/mod, constants included, and leaves all 64 bits unknown. */
    @Test
    void divisionAndModuloOfConstantsAreUnknownAsInLinux() {
        for (int op : new int[] {org.rqbpf.isa.Bpf.DIV, org.rqbpf.isa.Bpf.MOD}) {
            Scalar a = Scalar.constant(-440999158);
            ScalarAlu.apply(op, a, Scalar.constant(17), false, 0);
            assertFalse(a.isConst());
            assertEquals(Long.MIN_VALUE, a.smin, "a 32-bit div/mod is not zero-extended: Linux returns first");
        }
    }

    /** A shift by the width or more is undefined in BPF; Linux marks the result unknown. */
    @Test
    void shiftsAtOrPastTheWidthAreUnknown() {
        Scalar a = Scalar.constant(1);
        ScalarAlu.apply(LSH, a, Scalar.constant(32), false, 0);
        assertFalse(a.isConst());
        Scalar b = Scalar.constant(1);
        ScalarAlu.apply(LSH, b, Scalar.constant(31), false, 0);
        assertEquals(0x8000_0000L, b.constValue());
    }

    @Test
    void unsignedComparisonNarrowsBothBranches() {
        Scalar a = Scalar.unknown(), b = Scalar.constant(10);
        assertTrue(BranchRefiner.refine(JGT, a, b, false));
        assertEquals(11, a.umin);
        Scalar c = Scalar.unknown();
        assertTrue(BranchRefiner.refine(BranchRefiner.negate(JGT), c, Scalar.constant(10), false));
        assertEquals(10, c.umax);
    }

    @Test
    void impossibleBranchIsInfeasible() {
        assertFalse(BranchRefiner.refine(JGT, Scalar.unsignedRange(0, 5), Scalar.constant(9), false));
        assertFalse(BranchRefiner.refine(JNE, Scalar.constant(3), Scalar.constant(3), false));
        assertFalse(BranchRefiner.refine(JSLT, Scalar.signedRange(-4095, -1, -4095, -1), Scalar.constant(-5000), false));
    }

    @Test
    void thirtyTwoBitComparisonOfErrnoRange() {
        Scalar err = Scalar.signedRange(-4095, -1, -4095, -1);
        assertFalse(BranchRefiner.refine(org.rqbpf.isa.Bpf.JEQ, err.copy(), Scalar.constant(0), true),
                "w0 == 0 is impossible for a negative errno");
        assertTrue(err.within(Scalar.unknown()));
    }
}
