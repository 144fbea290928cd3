package org.rqbpf.runtime.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.conformance.ConformanceRunner;

class InterpreterTest {
    private final ConformanceRunner runner = new ConformanceRunner();

    private static RawInsn i(int op, int dst, int src, int off, int imm) {
        return new RawInsn(op, dst, src, off, imm);
    }

    private static RawInsn movK(int dst, int imm) {
        return i(Bpf.ALU64 | Bpf.MOV | Bpf.K, dst, 0, 0, imm);
    }

    private static RawInsn exit() {
        return i(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0);
    }

    private long run(byte[] mem, RawInsn... insns) {
        return runner.run("test", List.of(insns), mem);
    }

    @Test
    void loopsSumTheFirstHundredIntegers() {
        long r0 = run(null,
                movK(0, 0),
                movK(1, 100),
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 1, 0, 0),
                i(Bpf.ALU64 | Bpf.SUB | Bpf.K, 1, 0, 0, 1),
                i(Bpf.JMP | Bpf.JNE | Bpf.K, 1, 0, -3, 0),
                exit());
        assertEquals(5050, r0);
    }

    @Test
    void localCallsPreserveCalleeSavedRegistersAndUseTheirOwnStack() {
        long r0 = run(null,
                movK(6, 6),
                i(Bpf.STX | Bpf.MEM | Bpf.DW, 10, 6, -8, 0),       // caller stack[-8] = 6
                movK(1, 5),
                i(Bpf.JMP | Bpf.CALL, 0, Bpf.PSEUDO_CALL, 0, 4),  // call +4
                i(Bpf.LDX | Bpf.MEM | Bpf.DW, 2, 10, -8, 0),       // r2 = caller stack[-8]
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 6, 0, 0),        // r0 += r6 (still 6)
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 2, 0, 0),        // r0 += 6
                exit(),
                // callee: r6 = 100, its stack[-8] = 7, r0 = r1 + stack[-8]
                movK(6, 100),
                i(Bpf.ST | Bpf.MEM | Bpf.DW, 10, 0, -8, 7),
                i(Bpf.LDX | Bpf.MEM | Bpf.DW, 0, 10, -8, 0),
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 1, 0, 0),
                exit());
        assertEquals(5 + 7 + 6 + 6, r0);
    }

    @Test
    void readsTheInputMemoryThroughR1AndItsLengthInR2() {
        long r0 = run(new byte[] {1, 2, 3, 4},
                i(Bpf.LDX | Bpf.MEM | Bpf.W, 0, 1, 0, 0),
                i(Bpf.ALU64 | Bpf.LSH | Bpf.K, 0, 0, 0, 8),
                i(Bpf.ALU64 | Bpf.OR | Bpf.X, 0, 2, 0, 0),
                exit());
        assertEquals(0x04030201_00L | 4, r0);
    }

    @Test
    void anOutOfBoundsLoadIsAFaultNamingTheInstructionAndAddress() {
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(new byte[4],
                movK(0, 0),
                i(Bpf.LDX | Bpf.MEM | Bpf.W, 0, 1, 2, 0),
                exit()));
        assertEquals(1, f.insn());
        assertTrue(f.hasAddress());
        assertEquals(2, f.address() & 0xffff_ffffL);
        assertFalse(f.verifierEscape());
        assertTrue(f.getMessage().contains("program 'test' at insn 1"), f.getMessage());
    }

    @Test
    void aNullDereferenceFaults() {
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(null,
                i(Bpf.LDX | Bpf.MEM | Bpf.DW, 0, 1, 0, 0),
                exit()));
        assertEquals(0, f.insn());
        assertEquals(0, f.address());
    }

    @Test
    void fallingOffTheEndFaults() {
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(null, movK(0, 1)));
        assertEquals(1, f.insn());
        assertTrue(f.getMessage().contains("fell off the end"), f.getMessage());
    }

    @Test
    void anUnknownOpcodeFaultsOnlyWhenReached() {
        assertEquals(3, run(null, movK(0, 3), exit(), i(0xff, 0, 0, 0, 0)));
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(null, i(0xff, 0, 0, 0, 0), exit()));
        assertTrue(f.getMessage().contains("invalid opcode 0xff"), f.getMessage());
    }

    @Test
    void tooDeepRecursionFaults() {
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(null,
                i(Bpf.JMP | Bpf.CALL, 0, Bpf.PSEUDO_CALL, 0, -1),
                exit()));
        assertTrue(f.getMessage().contains("8 frames deep"), f.getMessage());
    }

    @Test
    void atomicsOnTheStack() {
        long r0 = run(null,
                i(Bpf.ST | Bpf.MEM | Bpf.DW, 10, 0, -8, 40),
                movK(1, 2),
                i(Bpf.STX | Bpf.ATOMIC | Bpf.DW, 10, 1, -8, Bpf.ADD | Bpf.FETCH),  // r1 = 40, mem = 42
                movK(0, 42),
                movK(2, 7),
                i(Bpf.STX | Bpf.ATOMIC | Bpf.DW, 10, 2, -8, Bpf.CMPXCHG),          // r0 = 42, mem = 7
                i(Bpf.LDX | Bpf.MEM | Bpf.DW, 3, 10, -8, 0),
                i(Bpf.ALU64 | Bpf.MUL | Bpf.K, 3, 0, 0, 1000),
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 3, 0, 0),                         // 42 + 7000
                i(Bpf.ALU64 | Bpf.MUL | Bpf.K, 1, 0, 0, 100000),
                i(Bpf.ALU64 | Bpf.ADD | Bpf.X, 0, 1, 0, 0),                         // + 4000000
                exit());
        assertEquals(4_007_042, r0);
    }

    @Test
    void callxCallsTheHelperWhoseIdIsInTheRegister() {
        // unwind(0) stops the program with r0 = 0; unwind(x != 0) returns x.
        assertEquals(0, run(null, movK(1, 0), movK(2, 5), i(Bpf.CALLX, 2, 0, 0, 0), movK(0, 9), exit()));
        assertEquals(9, run(null, movK(1, 3), movK(2, 5), i(Bpf.CALLX, 2, 0, 0, 0), movK(0, 9), exit()));
        RuntimeFault f = assertThrows(RuntimeFault.class,
                () -> run(null, movK(2, 77), i(Bpf.CALLX, 2, 0, 0, 0), exit()));
        assertTrue(f.getMessage().contains("unknown helper 77"), f.getMessage());
    }

    @Test
    void lddwLoadsSixtyFourBitsAndItsSecondSlotIsNotAJumpTarget() {
        List<RawInsn> p = new ArrayList<>();
        p.add(i(Bpf.LD_IMM64, 0, 0, 0, 0x5566_7788));
        p.add(i(0, 0, 0, 0, 0x1122_3344));
        p.add(exit());
        assertEquals(0x1122_3344_5566_7788L, runner.run("lddw", p, null));
        RuntimeFault f = assertThrows(RuntimeFault.class, () -> run(null,
                i(Bpf.JMP | Bpf.JA, 0, 0, 1, 0),
                i(Bpf.LD_IMM64, 0, 0, 0, 1),
                i(0, 0, 0, 0, 0),
                exit()));
        assertEquals(0, f.insn());
        assertTrue(f.getMessage().contains("middle of ldimm64"), f.getMessage());
    }
}
