package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.CType;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapType;
import org.rqbpf.program.Program;

class ElfReaderTest {
    @Test
    void btfDefinedMapsHaveTheirTypesSizesAndLock() throws Exception {
        Program p = Examples.read("flow_counters.o");
        MapDef flows = p.map("flows").orElseThrow();
        assertEquals(0, flows.index());
        assertEquals(MapType.HASH, flows.type());
        assertEquals(1024, flows.maxEntries());
        assertEquals(16, flows.keySize());
        assertEquals(40, flows.valueSize());
        assertEquals("struct flow_key", flows.keyType().spelling());
        assertEquals(List.of(LockKind.RES_SPIN_LOCK), flows.lockFields().stream().map(l -> l.kind()).toList());
        assertTrue(p.loads(), p.loadErrors().toString());
    }

    @Test
    void dataSectionsBecomeArrayMapsWithTheirVariablesAtTheirSymbolsOffsets() throws Exception {
        Program p = Examples.read("flow_counters.o");
        MapDef bss = p.map("flow_cou.bss").orElseThrow();
        assertEquals(MapType.ARRAY, bss.type());
        assertEquals(".bss", bss.section());
        assertEquals(8, bss.valueSize());
        GlobalVar v = p.globals().get(0);
        assertEquals("lock_errors", v.name());
        assertEquals(bss.index(), v.mapIndex());
        assertEquals(0, v.offset());
        assertEquals(new CType.Scalar("u64", 8, false), v.type());
    }

    @Test
    void mapAndGlobalLoadsAreRelocatedToMapIndicesAndValueOffsets() throws Exception {
        Program p = Examples.read("flow_counters.o");
        BpfProgram prog = p.program("flow_stats").orElseThrow();
        int maps = 0, values = 0;
        for (RawInsn in : prog.insns()) {
            if (in.isLdImm64() && in.src() == Bpf.PSEUDO_MAP_IDX) {
                assertEquals(0, in.imm());
                maps++;
            } else if (in.isLdImm64() && in.src() == Bpf.PSEUDO_MAP_IDX_VALUE) {
                assertEquals(1, in.imm());
                values++;
            }
        }
        assertTrue(maps >= 2, "flows is loaded by lookups and the update");
        assertEquals(1, values, "lock_errors");
    }

    @Test
    void kfuncExternsAreResolvedByName() throws Exception {
        BpfProgram prog = Examples.read("flow_counters.o").program("flow_stats").orElseThrow();
        long kfuncs = prog.insns().stream().filter(in -> in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_KFUNC_CALL)
                .map(in -> Kfunc.byId(in.imm()).fname()).filter(n -> n.startsWith("bpf_res_spin_")).count();
        assertEquals(2, kfuncs);
    }

    @Test
    void staticSubprogramsAreAppendedOnceInOrderOfFirstCallAndCallsPointIntoTheImage() throws Exception {
        Program p = Examples.read("abba.o");
        for (String name : List.of("pay_a_to_b", "pay_b_to_a")) {
            BpfProgram prog = p.program(name).orElseThrow();
            assertEquals(ProgramType.SCHED_CLS, prog.type());
            List<FunctionInfo> f = prog.functions();
            assertEquals(List.of(name, "transfer", "record"), f.stream().map(FunctionInfo::name).toList());
            assertEquals(FunctionInfo.Kind.MAIN, f.get(0).kind());
            assertEquals(FunctionInfo.Kind.STATIC, f.get(1).kind());
            assertEquals(prog.insns().size(), f.get(2).end());
            for (int i = 0; i < prog.insns().size(); i++) {
                RawInsn in = prog.insns().get(i);
                if (in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_CALL) {
                    int target = i + 1 + in.imm();
                    assertTrue(f.stream().anyMatch(fn -> fn.start() == target), name + ": call at " + i + " to " + target);
                }
            }
        }
    }

    @Test
    void declTagsAreTheProgramsAnnotationsAndLineInfoItsPositions() throws Exception {
        BpfProgram prog = Examples.read("packet_counters.o").program("count_packets").orElseThrow();
        assertEquals(Annotations.Verdict.SUCCESS, prog.annotations().expected());
        assertEquals(2L, prog.annotations().retval());
        assertEquals(ProgramType.XDP, prog.type());
        assertTrue(prog.autoload());
        assertEquals("./packet_counters.c", prog.pos().file());
        assertTrue(prog.pos().line() > 20, prog.pos().toString());
        assertTrue(prog.positions().stream().allMatch(pos -> pos.file().equals("./packet_counters.c")));
    }

    @Test
    void everyExampleObjectReadsAndLoads() throws Exception {
        for (var o : Examples.objects()) {
            Program p = Examples.read(o);
            assertFalse(p.programs().isEmpty(), o.toString());
            assertTrue(p.loads(), o + ": " + p.loadErrors());
            for (BpfProgram prog : p.programs()) {
                assertNotNull(prog.type(), prog.name());
            }
        }
    }

    @Test
    void coreRelocationsOfTheContextArePatchedAndTheOthersPoisonedWithANoteNamingTheField() throws Exception {
        java.nio.file.Path object = java.nio.file.Path.of("src/test/resources/core/core_relocations.o");
        Program p = Examples.read(object);
        RawInsn mark = p.program("ctx_mark").orElseThrow().insns().get(0);
        assertEquals(new RawInsn(Bpf.LDX | Bpf.MEM | Bpf.W, 0, 1, 8, 0), mark, "skb->mark is at 8 in struct __sk_buff");
        RawInsn pid = p.program("task_pid").orElseThrow().insns().get(0);
        assertEquals(new RawInsn(Bpf.JMP | Bpf.CALL, 0, 0, 0, CoreRelocations.POISON_CALL), pid);
        assertEquals(List.of("'task_pid' insn 0: CO-RE relocation byte_off of struct task_struct___rqbpf.pid cannot be resolved: "
                + "rqbpf has the layout of __sk_buff and xdp_md only; the instruction is poisoned (call 0xbad2310) as libbpf "
                + "does, so a program that reaches it is rejected"), p.notes());
        assertEquals("__sk_buff", CoreRelocations.essentialName("__sk_buff___rqbpf"));
        assertEquals("task_struct___x", CoreRelocations.essentialName("task_struct___x___y"), "the last flavour only, as libbpf");
        assertEquals("a____b", CoreRelocations.essentialName("a____b"));
    }
}
