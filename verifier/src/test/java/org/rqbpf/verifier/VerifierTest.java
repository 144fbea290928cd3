package org.rqbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Program;

/** End-to-end checks of the engine on small assembled programs. */
class VerifierTest {
    static VerifierResult verify(String body, int level) {
        return verify(body, Options.level(level));
    }

    static VerifierResult verify(String body, Options options) {
        return verifyFile("SEC(\"tc\")\nprog:\n" + body, options);
    }

    static VerifierResult verifyFile(String text, int level) {
        return verifyFile(text, Options.level(level));
    }

    static VerifierResult verifyFile(String text, Options options) {
        Assembly a = Assembler.assemble("t.bpf", text);
        assertTrue(a.ok(), a.renderErrors());
        Program p = a.program();
        return Verifier.verify(p, p.programs().get(0), options);
    }

    @Test
    void acceptsTheSmallestProgram() {
        VerifierResult r = verify("r0 = 0\nexit\n", 2);
        assertTrue(r.accepted(), r.log());
        assertTrue(r.log().contains("0: (b7) r0 = 0"), r.log());
        assertTrue(r.log().contains("processed 2 insns (limit 1000000) max_states_per_insn"), r.log());
    }

    @Test
    void levelTwoPrintsTheFunctionsAndLiveRegistersFirstAndEachInstructionItsTouchedState() {
        VerifierResult r = verify("r1 = r10\n*(u64 *)(r10 - 8) = r1\nr2 = *(u64 *)(r10 - 8)\nr0 = 0\nexit\n", 2);
        String log = r.log();
        assertTrue(log.startsWith("func#0 @0\nLive regs before insn:\n      0: .......... (bf) r1 = r10\n"
                + "      1: .1........ (7b) *(u64 *)(r10 -8) = r1\n"), log);
        // Linux 6.18: the registers an instruction read or wrote, and the slot it accessed, with no _w mark.
        assertTrue(log.contains("0: (bf) r1 = r10                      ; R1=fp0 R10=fp0\n"), log);
        assertTrue(log.contains("2: (79) r2 = *(u64 *)(r10 -8)         ; R2=fp0 R10=fp0 fp-8=fp0\n"), log);
    }

    @Test
    void anAcceptedProgramKeepsOnlyTheStatisticsAtLevelOne() {
        VerifierResult r = verify("r0 = 0\nexit\n", 1);
        assertTrue(r.accepted(), r.log());
        assertTrue(r.log().startsWith("processed 2 insns (limit 1000000) max_states_per_insn"), r.log());
        VerifierResult stats = verify("r0 = 0\nexit\n", 1 | 4);
        assertTrue(stats.log().startsWith("verification time "), stats.log());
        assertTrue(stats.log().contains("\nstack depth 0\nprocessed 2 insns"), stats.log());
    }

    @Test
    void rejectsUninitialisedR0AtExit() {
        VerifierResult r = verify("exit\n", 1);
        assertFalse(r.accepted());
        assertEquals("R0 !read_ok", r.error());
        assertEquals(Errno.EACCES, r.errno());
    }

    @Test
    void rejectsWritesToTheFramePointer() {
        assertEquals("frame pointer is read only", verify("r10 = 0\nr0 = 0\nexit\n", 1).error());
    }

    @Test
    void uninitialisedStackReadNamesOffsetAndByteWhenUnprivileged() {
        String src = "r0 = *(u64 *)(r10 - 16)\nexit\n";
        assertEquals("invalid read from stack off -16+0 size 8", verify(src, Options.level(1).unprivileged()).error());
        assertTrue(verify(src, Options.level(1)).accepted(), "root may read stack it never wrote (allow_uninit_stack)");
    }

    @Test
    void stackWriteOutOfBounds() {
        assertEquals("invalid write to stack R10 off=-520 size=8",
                verify("r1 = 0\n*(u64 *)(r10 - 520) = r1\nr0 = 0\nexit\n", 1).error());
    }

    @Test
    void unreachableInstruction() {
        assertEquals("unreachable insn 2", verify("r0 = 0\nexit\nr0 = 1\nexit\n", 1).error());
    }

    @Test
    void boundedLoopIsExploredAndAccepted() {
        VerifierResult r = verify("r1 = 0\nl:\nr1 += 1\nif r1 < 100 goto l\nr0 = 0\nexit\n", 1);
        assertTrue(r.accepted(), r.error());
        assertTrue(r.stats().processedInsns() > 200);
    }

    @Test
    void loopWithoutProgressIsInfinite() {
        VerifierResult r = verify("r1 = 0\nl:\nr1 += 0\nif r1 == 0 goto l\nr0 = 0\nexit\n", 1);
        assertFalse(r.accepted());
        assertTrue(r.error().startsWith("infinite loop detected at insn"), r.error());
    }

    @Test
    void loopThatNeverEndsHitsTheComplexityLimit() {
        VerifierResult r = verifyFile("SEC(\"tc\")\nprog:\nr1 = 0\nl:\nr1 += 1\nif r1 > 0 goto l\nr0 = 0\nexit\n", 0);
        assertFalse(r.accepted());
        assertEquals("BPF program is too large. Processed 1000001 insn", r.error());
        assertEquals(Errno.E2BIG, r.errno());
    }

    @Test
    void nullCheckThroughACopiedRegister() {
        String map = "struct {\n__uint(type, BPF_MAP_TYPE_ARRAY);\n__uint(max_entries, 1);\n__type(key, u32);\n"
                + "__type(value, u64);\n} m SEC(\".maps\");\n";
        String body = "r1 = 0\n*(u32 *)(r10 - 4) = r1\nr2 = r10\nr2 += -4\nr1 = m ll\ncall bpf_map_lookup_elem\n"
                + "r6 = r0\nif r6 == 0 goto out\nr0 = *(u64 *)(r0 + 0)\nout:\nr0 = 0\nexit\n";
        assertTrue(verifyFile(map + "SEC(\"tc\")\nprog:\n" + body, 1).accepted());
        String unchecked = body.replace("if r6 == 0 goto out\n", "");
        assertEquals("R0 invalid mem access 'map_value_or_null'",
                verifyFile(map + "SEC(\"tc\")\nprog:\n" + unchecked, Options.level(1).unprivileged()).error());
        assertTrue(verifyFile(map + "SEC(\"tc\")\nprog:\n" + unchecked, 1).accepted(),
                "as root, an array lookup with the constant in-range key 0 cannot be NULL");
        String spilledOne = unchecked.replace("r1 = 0\n*(u32 *)(r10 - 4) = r1", "r1 = 1\n*(u64 *)(r10 - 8) = r1")
                .replace("r2 += -4", "r2 += -8");
        assertEquals("R0 invalid mem access 'map_value_or_null'",
                verifyFile(map + "SEC(\"tc\")\nprog:\n" + spilledOne, 1).error(),
                "a spilled constant key of 8 bytes is not the map's 4-byte key");
    }

    @Test
    void resLockForkLeavesTheFailurePathWithoutTheLock() {
        String text = "struct bpf_res_spin_lock lockA SEC(\".data.A\");\nSEC(\"tc\")\nprog:\n"
                + "r1 = lockA ll\ncall bpf_res_spin_lock\nif r0 != 0 goto out\nr1 = lockA ll\n"
                + "call bpf_res_spin_unlock\nout:\nr0 = 0\nexit\n";
        VerifierResult ok = verifyFile(text, 2);
        assertTrue(ok.accepted(), ok.log());
        assertTrue(ok.log().contains("refs=res_lock(id=0,map=.data.A"), ok.log());
        VerifierResult bad = verifyFile(text.replace("if r0 != 0 goto out\n", ""), 1);
        assertEquals("bpf_res_spin_unlock without taking a lock", bad.error());
    }

    @Test
    void prunedVisitsAreLoggedAtLevelTwo() {
        // Six instructions first: as Linux, a state is stored only after 8 instructions and 2 jumps.
        VerifierResult r = verify("r3 = 0\nr3 = 0\nr3 = 0\nr3 = 0\nr3 = 0\nr3 = 0\ncall bpf_get_prandom_u32\nr1 = 0\n"
                + "if r0 > 7 goto a\nr1 = 1\na:\nr2 = 0\nr2 = 0\nr0 = 0\nexit\n", 2);
        assertTrue(r.accepted());
        List<String> lines = r.log().lines().toList();
        assertTrue(lines.contains("from 8 to 10: safe"), r.log());
        assertTrue(r.stats().pruneHits() > 0);
    }
}
