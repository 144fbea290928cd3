package org.rqbpf.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rqbpf.grammar.Asm;

/**
 * Every instruction form of language.md, written in its canonical spelling: assembled, decoded,
 * re-encoded, disassembled to the same text, and that text assembled again to the same bytes.
 */
class InstructionFormsTest {
    static Stream<String> canonicalForms() {
        List<String> forms = new ArrayList<>(List.of(
                "r1 = r2", "r1 = 5", "r1 = -1", "r1 = -2147483648", "w1 = w2", "w1 = 7", "w1 = -7",
                "r1 = -r1", "w3 = -w3",
                "r1 = (s8)r2", "r1 = (s16)r2", "r1 = (s32)r2", "w1 = (s8)w2", "w1 = (s16)w2",
                "r1 = be16 r1", "r1 = be32 r1", "r1 = be64 r1", "r1 = le16 r1", "r1 = le32 r1", "r1 = le64 r1",
                "r1 = bswap16 r1", "r1 = bswap32 r1", "r1 = bswap64 r1",
                "r1 = 81985529216486895 ll", "r9 = 18446744073709551615 ll", "r1 = map[0] ll", "r2 = map[1][0]+8 ll",
                "r1 = *(u8 *)(r2 + 4)", "r1 = *(u16 *)(r2 + 0)", "r1 = *(u32 *)(r10 - 4)", "r1 = *(u64 *)(r10 - 32768)",
                "r1 = *(s8 *)(r2 + 0)", "r1 = *(s16 *)(r2 + 2)", "r1 = *(s32 *)(r10 - 4)",
                "*(u8 *)(r10 - 1) = r1", "*(u16 *)(r10 - 2) = r1", "*(u32 *)(r10 - 4) = r1", "*(u64 *)(r10 + 32767) = r1",
                "*(u8 *)(r10 - 1) = 5", "*(u16 *)(r10 - 2) = -5", "*(u32 *)(r10 - 4) = 5", "*(u64 *)(r10 - 8) = 2147483647",
                "lock *(u32 *)(r1 + 0) += w2", "lock *(u32 *)(r1 + 4) &= w2", "lock *(u32 *)(r1 + 4) |= w2",
                "lock *(u32 *)(r1 + 4) ^= w2", "lock *(u64 *)(r1 + 8) += r2", "lock *(u64 *)(r1 + 8) &= r2",
                "lock *(u64 *)(r1 + 8) |= r2", "lock *(u64 *)(r1 - 8) ^= r2",
                "r2 = atomic_fetch_add((u64 *)(r1 + 8), r2)", "r2 = atomic_fetch_and((u64 *)(r1 + 8), r2)",
                "r2 = atomic_fetch_or((u64 *)(r1 + 8), r2)", "r2 = atomic_fetch_xor((u64 *)(r1 + 8), r2)",
                "w2 = atomic_fetch_add((u32 *)(r1 + 8), w2)", "w2 = atomic_fetch_and((u32 *)(r1 + 8), w2)",
                "w2 = atomic_fetch_or((u32 *)(r1 + 8), w2)", "w2 = atomic_fetch_xor((u32 *)(r1 - 8), w2)",
                "r2 = xchg_64(r1 + 8, r2)", "w2 = xchg32_32(r1 - 8, w2)",
                "r0 = cmpxchg_64(r1 + 8, r0, r2)", "w0 = cmpxchg32_32(r1 + 8, w0, w2)",
                "goto +0", "goto -1", "goto +32767", "gotol +1", "gotol -70000",
                "call 1", "call 93", "call kfunc#1", "call kfunc#6", "call pc+1", "callx r2", "exit"));
        for (AluOp op : AluOp.values()) {
            forms.add("r1 " + op.symbol() + "= r2");
            forms.add("r1 " + op.symbol() + "= 3");
            forms.add("w1 " + op.symbol() + "= w2");
            forms.add("w1 " + op.symbol() + "= -3");
        }
        for (JmpOp op : JmpOp.values()) {
            forms.add("if r1 " + op.symbol() + " r2 goto +1");
            forms.add("if r1 " + op.symbol() + " -5 goto +1");
            forms.add("if w1 " + op.symbol() + " w2 goto +1");
            forms.add("if w1 " + op.symbol() + " 5 goto +1");
        }
        return forms.stream();
    }

    @ParameterizedTest
    @MethodSource("canonicalForms")
    void assemblesDecodesAndPrintsBack(String form) throws DecodeException {
        List<RawInsn> slots = Asm.body(form);
        Insn insn = Decoder.decode(slots, 0);
        assertEquals(slots.size(), insn.slots(), "one instruction");
        assertEquals(slots, Encoder.encode(insn), "encode(decode(x)) == x");
        assertEquals(form, Disassembler.text(slots, 0));
        assertEquals(slots, Asm.body(Disassembler.text(slots, 0)), "reassembled");
    }

    static Stream<String[]> otherSpellings() {
        return Stream.of(
                new String[] {"r1 = *(u32 *)(r10 -4)", "r1 = *(u32 *)(r10 - 4)"},
                new String[] {"r1 = *(u32 *)(r10 +4)", "r1 = *(u32 *)(r10 + 4)"},
                new String[] {"r1 = *(u32 *)(r10)", "r1 = *(u32 *)(r10 + 0)"},
                new String[] {"w1 = *(u32 *)(r10 - 4)", "r1 = *(u32 *)(r10 - 4)"},
                new String[] {"*(u32 *)(r10 - 4) = w1", "*(u32 *)(r10 - 4) = r1"},
                new String[] {"lock *(u32 *)(r1 + 0) += r2", "lock *(u32 *)(r1 + 0) += w2"},
                new String[] {"r0 = 0;", "r0 = 0"},
                new String[] {"if r1 > 5 goto +2 <somewhere>", "if r1 > 5 goto +2"},
                new String[] {"goto -1 <LBB0_1>", "goto -1"},
                new String[] {"r1 = 0xffffffff", "r1 = -1"},
                new String[] {"r1 = 4294967295", "r1 = -1"},
                new String[] {"w1 = 0x80000000", "w1 = -2147483648"},
                new String[] {"r1 = 0x10 ll", "r1 = 16 ll"},
                new String[] {"r1 = -1 ll", "r1 = 18446744073709551615 ll"},
                new String[] {"r1 = m ll", "r1 = map[0] ll"},
                new String[] {"r1 = g ll", "r1 = map[1][0]+8 ll"},
                new String[] {"r1 = pad ll", "r1 = map[1][0]+0 ll"},
                new String[] {"call bpf_map_lookup_elem", "call 1"},
                new String[] {"call bpf_spin_unlock", "call 94"},
                new String[] {"call bpf_res_spin_lock", "call kfunc#1"},
                new String[] {"call bpf_local_irq_restore", "call kfunc#6"},
                new String[] {"/* c */ r1 = r2 // trailing", "r1 = r2"},
                new String[] {"r1 = r2 # llvm comment", "r1 = r2"});
    }

    @ParameterizedTest
    @MethodSource("otherSpellings")
    void otherSpellingsAssembleLikeTheCanonicalForm(String written, String canonical) {
        List<RawInsn> slots = Asm.body(written);
        assertEquals(canonical, Disassembler.text(slots, 0));
        assertEquals(Asm.body(canonical), slots);
    }
}
