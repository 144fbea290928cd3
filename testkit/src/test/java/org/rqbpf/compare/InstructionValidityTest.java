package org.rqbpf.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rqbpf.abi.Errno;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.hostbpf.Fd;
import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.Program;
import org.rqbpf.program.SourcePos;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * Slots that break {@link InsnTable}: rqbpf's verifier rejects each with the kernel's message and
 * EINVAL, and, where the host kernel can serve, Linux rejects the same bytes with the same message.
 */
class InstructionValidityTest {
    /**
     * Slot {@code slot} of {@code r0 = 0; r0 = 0; r0 = 0; exit} replaced by {@code insn}, and the next slot by
     * {@code next} when it is not null (the second half of an {@code ld_imm64}).
     */
    private record Case(String what, int slot, RawInsn insn, RawInsn next, String message) {
        Case(String what, RawInsn insn, String message) {
            this(what, 1, insn, null, message);
        }

        Case(String what, int slot, RawInsn insn, String message) {
            this(what, slot, insn, null, message);
        }
    }

    /** The second slot of an {@code ld_imm64} whose upper half is 0. */
    private static final RawInsn LD_IMM64_HIGH = new RawInsn(0, 0, 0, 0, 0);

    private static final int HELPER_GET_PRANDOM_U32 = 7;

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("ALU64 END TO_BE is not an opcode", new RawInsn(0xdf, 0, 0, 0, 16), "unknown opcode df"));
        c.add(new Case("NEG has no register form", new RawInsn(0x8c, 0, 1, 0, 0), "unknown opcode 8c"));
        c.add(new Case("callx is RFC 9669's, not Linux's", new RawInsn(0x8d, 1, 0, 0, 0), "unknown opcode 8d"));
        c.add(new Case("JMP32 has no call", new RawInsn(0x86, 0, 0, 0, HELPER_GET_PRANDOM_U32), "unknown opcode 86"));
        c.add(new Case("no sign-extending 64-bit load", new RawInsn(0x99, 0, 10, -8, 0), "unknown opcode 99"));
        c.add(new Case("an unknown opcode after the exit", 4, new RawInsn(0xff, 0, 0, 0, 0), "unknown opcode ff"));
        c.add(new Case("LDX with an immediate", new RawInsn(0x61, 0, 10, -8, 1), "BPF_LDX uses reserved fields"));
        c.add(new Case("32-bit movsx has no 32-bit width", new RawInsn(0xbc, 0, 1, 32, 0), "BPF_MOV uses reserved fields"));
        c.add(new Case("mov of an immediate with an offset", new RawInsn(0xb7, 0, 0, 8, 0), "BPF_MOV uses reserved fields"));
        c.add(new Case("add of an immediate with a source register", new RawInsn(0x07, 0, 1, 0, 1),
                "BPF_ALU uses reserved fields"));
        c.add(new Case("a division offset other than 0 or 1", new RawInsn(0x37, 0, 0, 2, 1), "BPF_ALU uses reserved fields"));
        c.add(new Case("neg with an immediate", new RawInsn(0x87, 0, 0, 0, 1), "BPF_NEG uses reserved fields"));
        c.add(new Case("a byte swap of 8 bits", new RawInsn(0xd4, 0, 0, 0, 8), "BPF_END uses reserved fields"));
        c.add(new Case("a helper call with an offset", new RawInsn(0x85, 0, 0, 1, HELPER_GET_PRANDOM_U32),
                "BPF_CALL uses reserved fields"));
        c.add(new Case("a call with a destination register", new RawInsn(0x85, 1, 0, 0, HELPER_GET_PRANDOM_U32),
                "BPF_CALL uses reserved fields"));
        c.add(new Case("a call of an unknown kind", new RawInsn(0x85, 0, 3, 0, HELPER_GET_PRANDOM_U32),
                "BPF_CALL uses reserved fields"));
        c.add(new Case("exit with an immediate", 3, new RawInsn(0x95, 0, 0, 0, 1), "BPF_EXIT uses reserved fields"));
        c.add(new Case("goto with an immediate", new RawInsn(0x05, 0, 0, 0, 1), "BPF_JA uses reserved fields"));
        c.add(new Case("gotol with an offset", new RawInsn(0x06, 0, 0, 1, 0), "BPF_JA uses reserved fields"));
        c.add(new Case("a jump on an immediate with a source register", new RawInsn(0x15, 0, 1, 0, 0),
                "BPF_JMP/JMP32 uses reserved fields"));
        c.add(new Case("a jump on a register with an immediate", new RawInsn(0x5d, 0, 1, 0, 1),
                "BPF_JMP/JMP32 uses reserved fields"));
        c.add(new Case("a store of an immediate with a source register", new RawInsn(0x62, 10, 1, -8, 0),
                "BPF_ST uses reserved fields"));
        c.add(new Case("a store of a register with an immediate", new RawInsn(0x7b, 10, 1, -8, 1),
                "BPF_STX uses reserved fields"));
        c.add(new Case("an atomic operation that does not exist", new RawInsn(0xdb, 10, 1, -8, 0x99),
                "BPF_ATOMIC uses invalid atomic opcode 99"));
        c.add(new Case("a destination register beyond r10", new RawInsn(0xb7, 11, 0, 0, 0), "R11 is invalid"));
        c.add(new Case("a map by file descriptor: rqbpf names maps by index, so an fd is never one", 1,
                new RawInsn(0x18, 1, 1, 0, 0), LD_IMM64_HIGH, "fd 0 is not pointing to valid bpf_map"));
        c.add(new Case("a map fd with an upper half", 1, new RawInsn(0x18, 1, 1, 0, 0), new RawInsn(0, 0, 0, 0, 1),
                "unrecognized bpf_ld_imm64 insn"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> rejectedAsLinuxRejectsThem() {
        String linux = LinuxOracle.unavailable();
        if (linux != null) {
            System.out.println("SKIPPED (Linux side of instruction validity): " + linux);
        }
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.what(), () -> {
            Program file = c.next() == null ? withSlot(c.slot(), c.insn()) : withSlots(c.slot(), c.insn(), c.next());
            BpfProgram p = file.programs().get(0);
            VerifierResult r = Verifier.verify(file, p, Options.level(1));
            assertFalse(r.accepted(), r.log());
            assertEquals(c.message(), r.error(), "rqbpf:\n" + r.log());
            assertEquals(Errno.EINVAL, r.errno());
            if (linux == null) {
                LinuxOracle.Verdict v = LinuxOracle.verify(file, p, 1);
                assertFalse(v.accepted(), v.log());
                assertTrue(v.log().lines().anyMatch(c.message()::equals), "Linux:\n" + v.log());
                assertEquals(Errno.EINVAL, v.errno());
                assertEquals(0, Fd.openCount(), "every descriptor is closed");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> theValidFormsLoad() {
        String linux = LinuxOracle.unavailable();
        List<RawInsn> valid = List.of(new RawInsn(0xbf, 0, 1, 8, 0), new RawInsn(0x3f, 0, 0, 1, 0),
                new RawInsn(0xd7, 0, 0, 0, 32), new RawInsn(0xdc, 0, 0, 0, 64), new RawInsn(0x06, 0, 0, 0, 0));
        return valid.stream().map(insn -> DynamicTest.dynamicTest(insn.toString(), () -> {
            assertTrue(InsnTable.inLinuxTable(insn.opcode()) && !InsnTable.usesReservedFields(insn));
            Program file = withSlot(1, insn);
            BpfProgram p = file.programs().get(0);
            VerifierResult r = Verifier.verify(file, p, Options.level(1));
            assertTrue(r.accepted(), "rqbpf:\n" + r.log());
            if (linux == null) {
                LinuxOracle.Verdict v = LinuxOracle.verify(file, p, 1);
                assertTrue(v.accepted(), "Linux:\n" + v.log());
            }
        }));
    }

    /**
     * {@code r0 = 0; r0 = 0; r0 = 0; exit} (a socket filter, r1 the ctx) with slot {@code slot} replaced, or
     * with {@code insn} and a second exit appended after the exit when {@code slot} is 4.
     */
    private static Program withSlots(int slot, RawInsn first, RawInsn second) {
        Program file = withSlot(slot, first);
        BpfProgram p = file.programs().get(0);
        List<RawInsn> insns = new ArrayList<>(p.insns());
        insns.set(slot + 1, second);
        BpfProgram q = new BpfProgram(p.name(), p.section(), p.autoload(), p.type(), p.annotations(), insns,
                p.positions(), p.functions(), p.labels(), p.pos(), p.lineInfo());
        return new Program(file.fileName(), file.maps(), file.globals(), List.of(q), file.loadErrors());
    }

    private static Program withSlot(int slot, RawInsn insn) {
        Assembly a = Assembler.assemble("v.bpf", "SEC(\"socket\")\nprog:\n\tr0 = 0\n\tr0 = 0\n\tr0 = 0\n\texit\n");
        assertTrue(a.ok(), a.renderErrors());
        Program file = a.program();
        BpfProgram p = file.programs().get(0);
        List<RawInsn> insns = new ArrayList<>(p.insns());
        List<SourcePos> positions = new ArrayList<>(p.positions());
        List<FunctionInfo> functions = p.functions();
        if (slot == insns.size()) {
            insns.add(insn);
            insns.add(p.insns().get(slot - 1));
            positions.add(positions.get(slot - 1));
            positions.add(positions.get(slot - 1));
            FunctionInfo main = functions.get(0);
            functions = List.of(new FunctionInfo(main.name(), main.start(), insns.size(), main.kind()));
        } else {
            insns.set(slot, insn);
        }
        BpfProgram q = new BpfProgram(p.name(), p.section(), p.autoload(), p.type(), p.annotations(), insns,
                positions, functions, p.labels(), p.pos(), p.lineInfo());
        return new Program(file.fileName(), file.maps(), file.globals(), List.of(q), file.loadErrors());
    }
}
