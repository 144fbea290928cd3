package org.rqbpf.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InsnTableTest {
    @Test
    void theOpcodeSetIsLinuxsPlusCallx() {
        int linux = 0;
        int all = 0;
        for (int op = 0; op < 256; op++) {
            linux += InsnTable.inLinuxTable(op) ? 1 : 0;
            all += InsnTable.isOpcode(op) ? 1 : 0;
        }
        assertEquals(125, linux, "BPF_INSN_MAP and the six cBPF packet loads, without JCOND (may_goto)");
        assertEquals(126, all);
        assertTrue(InsnTable.isOpcode(Bpf.CALLX) && !InsnTable.inLinuxTable(Bpf.CALLX));
        assertFalse(InsnTable.isOpcode(Bpf.ALU64 | Bpf.END | Bpf.TO_BE), "64-bit bswap has only one form");
        assertFalse(InsnTable.isOpcode(Bpf.LDX | Bpf.MEMSX | Bpf.DW));
        assertFalse(InsnTable.isOpcode(Bpf.STX | Bpf.ATOMIC | Bpf.B));
    }

    @Test
    void engineRulesIgnoreZeroFieldsButNotSelectors() {
        RawInsn addWithSrc = new RawInsn(Bpf.ALU64 | Bpf.ADD | Bpf.K, 1, 3, 0, 5);
        assertNull(InsnTable.notExecutable(addWithSrc), "the interpreter ignores a reserved source");
        assertTrue(InsnTable.usesReservedFields(addWithSrc));
        assertEquals("off must be 0 (unsigned) or 1 (signed), not 2",
                InsnTable.notExecutable(new RawInsn(Bpf.ALU64 | Bpf.DIV | Bpf.X, 1, 2, 2, 0)));
        assertEquals("dst register 11 is not r0-r10", InsnTable.notExecutable(new RawInsn(0xb7, 11, 0, 0, 0)));
        assertEquals("invalid opcode 0xff", InsnTable.notExecutable(new RawInsn(0xff, 0, 0, 0, 0)));
        assertEquals("imm must be 16, 32 or 64, not 8", InsnTable.notExecutable(new RawInsn(0xd4, 1, 0, 0, 8)));
    }

    @Test
    void registersAreNotReservedFields() {
        assertFalse(InsnTable.usesReservedFields(new RawInsn(0xb7, 11, 0, 0, 0)), "the verifier says R11 is invalid");
        assertTrue(InsnTable.usesReservedFields(new RawInsn(0xbc, 1, 2, 32, 0)), "no 32-bit movsx from 32 bits");
        assertFalse(InsnTable.usesReservedFields(new RawInsn(0xbf, 1, 2, 32, 0)));
        assertFalse(InsnTable.usesReservedFields(new RawInsn(0x85, 0, Bpf.PSEUDO_KFUNC_CALL, 3, 100)),
                "a kfunc call's offset names its module's BTF");
        assertTrue(InsnTable.usesReservedFields(new RawInsn(0x85, 0, 0, 3, 7)));
    }

    @Test
    void theDecoderAppliesEveryRule() throws DecodeException {
        DecodeException e = assertThrows(DecodeException.class,
                () -> Decoder.decode(List.of(new RawInsn(0x07, 1, 3, 0, 5)), 0));
        assertTrue(e.getMessage().contains("opcode 0x07: src must be 0, not 3"), e.getMessage());
        assertThrows(DecodeException.class, () -> Decoder.decode(List.of(new RawInsn(0xdf, 1, 0, 0, 16)), 0));
        assertEquals(new Insn.MovSx(Width.W64, 1, 2, 32), Decoder.decode(List.of(new RawInsn(0xbf, 1, 2, 32, 0)), 0));
    }
}
