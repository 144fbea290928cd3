package org.rqbpf.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.CType;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.LockField;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;
import org.rqbpf.program.Program;
import org.rqbpf.program.SourcePos;

/** What a successfully assembled file contains: maps, data sections, images, annotations, load errors. */
class AssemblerTest {
    private static final String MAPS = """
            struct elem {
            	struct bpf_res_spin_lock lock;
            	u64 count;
            	unsigned char name[3];
            	struct inner in;
            };
            struct inner { short a; long b; };
            struct {
            	__uint(type, BPF_MAP_TYPE_HASH);
            	__uint(max_entries, 1024);
            	__type(key, u32);
            	__type(value, struct elem);
            	__uint(map_flags, BPF_F_NO_PREALLOC);
            } counts SEC(".maps");
            struct bpf_res_spin_lock lockA SEC(".data.A");
            u64 hits SEC(".bss");
            char fmt[] = "n=%d\\n" SEC(".rodata");
            u8 small = 7 SEC(".data");
            u32 arr[4] = { 1, 0x10, -1 } SEC(".data");
            struct {
            	__uint(type, BPF_MAP_TYPE_ARRAY);
            	__uint(max_entries, 2);
            	__uint(key_size, 4);
            	__uint(value_size, 8);
            } raw SEC(".maps");
            """;

    @Test
    void lays_out_structs_and_indexes_maps_like_libbpf() {
        Program p = Asm.ok("dir/res_spin_lock_fail.v2.bpf", MAPS + "SEC(\"tc\")\np:\n\tr0 = 0\n\texit\n");
        assertEquals(List.of("counts", "raw", ".data.A", "res_spin.bss", "res_spin.rodata", "res_spin.data"),
                p.maps().stream().map(MapDef::name).toList());
        for (int i = 0; i < p.maps().size(); i++) {
            assertEquals(i, p.maps().get(i).index());
        }
        MapDef counts = p.maps().get(0);
        CType.Struct elem = (CType.Struct) counts.valueType();
        assertEquals(List.of(0, 8, 16, 24), elem.fields().stream().map(CType.Field::offset).toList());
        assertEquals(40, elem.size());
        assertEquals(8, elem.align());
        assertEquals(40, counts.valueSize());
        assertEquals(MapFlags.BPF_F_NO_PREALLOC, counts.flags());
        assertEquals(0, counts.lockFields().get(0).offset());
        assertFalse(p.maps().get(1).hasBtf());

        MapDef rodata = p.map("res_spin.rodata").orElseThrow();
        assertTrue(rodata.readOnlyForPrograms());
        assertArrayEquals(new byte[] {'n', '=', '%', 'd', '\n', 0}, rodata.initialValue());
        MapDef data = p.map("res_spin.data").orElseThrow();
        assertEquals(MapType.ARRAY, data.type());
        assertEquals(4, data.keySize());
        assertEquals(1, data.maxEntries());
        assertEquals(20, data.valueSize());
        assertArrayEquals(new byte[] {7, 0, 0, 0, 1, 0, 0, 0, 0x10, 0, 0, 0, -1, -1, -1, -1, 0, 0, 0, 0}, data.initialValue());
        GlobalVar arr = p.globals().stream().filter(g -> g.name().equals("arr")).findFirst().orElseThrow();
        assertEquals(4, arr.offset());
        assertEquals(data.index(), arr.mapIndex());
        assertEquals(".data", arr.section());
        assertArrayEquals(new byte[8], p.map("res_spin.bss").orElseThrow().initialValue());
        assertTrue(p.loads());
    }

    @Test
    void encodes_symbolic_operands() {
        Program p = Asm.ok("x.bpf", MAPS + "SEC(\"tc\")\np:\n\tr1 = counts ll\n\tr2 = arr ll\n\tcall bpf_map_lookup_elem\n"
                + "\tcall bpf_res_spin_lock\n\texit\n");
        List<RawInsn> i = p.programs().get(0).insns();
        assertEquals(new RawInsn(Bpf.LD_IMM64, 1, Bpf.PSEUDO_MAP_IDX, 0, 0), i.get(0));
        assertEquals(new RawInsn(0, 0, 0, 0, 0), i.get(1));
        assertEquals(new RawInsn(Bpf.LD_IMM64, 2, Bpf.PSEUDO_MAP_IDX_VALUE, 0, 5), i.get(2));
        assertEquals(new RawInsn(0, 0, 0, 0, 4), i.get(3));
        assertEquals(new RawInsn(Bpf.JMP | Bpf.CALL, 0, 0, 0, 1), i.get(4));
        assertEquals(new RawInsn(Bpf.JMP | Bpf.CALL, 0, Bpf.PSEUDO_KFUNC_CALL, 0, 1), i.get(5));
        assertEquals(List.of(new SourcePos("x.bpf", 28, 2), new SourcePos("x.bpf", 28, 2), new SourcePos("x.bpf", 29, 2)),
                p.programs().get(0).positions().subList(0, 3));
    }

    @Test
    void links_reachable_subprograms_depth_first_in_order_of_first_call() {
        String src = """
                static a:
                	call c
                	exit
                static unused:
                	exit
                global b:
                	r0 = 0
                	exit
                static c:
                	call a
                	exit
                SEC("?tc")
                __description("links") __failure __msg("x") __not_msg("y") __retval(-1) __log_level(2)
                main:
                	call a
                	call b
                	call a
                	goto main
                """;
        BpfProgram p = Asm.ok("l.bpf", src).programs().get(0);
        assertFalse(p.autoload());
        assertEquals("tc", p.section());
        assertEquals(ProgramType.SCHED_CLS, p.type());
        assertEquals(List.of(new FunctionInfo("main", 0, 4, FunctionInfo.Kind.MAIN),
                new FunctionInfo("a", 4, 6, FunctionInfo.Kind.STATIC), new FunctionInfo("c", 6, 8, FunctionInfo.Kind.STATIC),
                new FunctionInfo("b", 8, 10, FunctionInfo.Kind.GLOBAL)), p.functions());
        assertEquals(List.of(3, 6, 1, -4), List.of(p.insns().get(0).imm(), p.insns().get(1).imm(), p.insns().get(2).imm(),
                (int) p.insns().get(3).off()));
        assertEquals(1, p.insns().get(4).imm(), "a calls c at 6");
        assertEquals(-3, p.insns().get(6).imm(), "c calls a at 4");
        assertEquals(Map.of(0, "main", 4, "a", 6, "c", 8, "b"), p.labels());
        Annotations an = p.annotations();
        assertEquals(new Annotations(Annotations.Verdict.FAILURE, List.of(
                new Annotations.Message("x", false, new SourcePos("l.bpf", 13, 40)),
                new Annotations.Message("y", true, new SourcePos("l.bpf", 13, 55))), -1L, "links", 2), an);
    }

    @Test
    void unprivileged_annotations_default_to_the_privileged_ones() {
        String src = "SEC(\"tc\")\n__success __failure_unpriv __msg_unpriv(\"invalid read\") __retval(3)\np:\n\tr0 = 3\n\texit\n"
                + "SEC(\"tc\")\n__failure __msg(\"m\") __success_unpriv\nq:\n\tr0 = 3\n\texit\n"
                + "SEC(\"tc\")\n__success\nr:\n\tr0 = 3\n\texit\n";
        Program file = Asm.ok("u.bpf", src);
        Annotations.Unpriv p = file.programs().get(0).annotations().unpriv();
        assertEquals(Annotations.Verdict.FAILURE, p.expected());
        assertEquals("invalid read", p.messages().get(0).text());
        assertEquals(3L, p.retval(), "no __retval_unpriv: the privileged one");
        Annotations.Unpriv q = file.programs().get(1).annotations().unpriv();
        assertEquals(Annotations.Verdict.SUCCESS, q.expected());
        assertEquals("m", q.messages().get(0).text(), "no __msg_unpriv: the privileged ones");
        assertEquals(null, file.programs().get(2).annotations().unpriv(), "no unprivileged run without an _unpriv annotation");
    }

    @Test
    void labels_are_local_to_their_body() {
        Program p = Asm.ok("l.bpf", "SEC(\"tc\")\na:\n\tgoto out\nout:\n\texit\nSEC(\"xdp\")\nb:\n\tr0 = 1\n\tgoto out\nout:\n\texit\n");
        assertEquals(0, p.programs().get(0).insns().get(0).off());
        assertEquals(0, p.programs().get(1).insns().get(1).off());
        assertEquals("out", p.programs().get(1).labels().get(2));
    }

    @Test
    void a_numeric_jump_outside_the_program_assembles() {
        Program p = Asm.ok("j.bpf", "SEC(\"tc\")\np:\n\tr0 = 0\n\tif r0 == 0 goto +39\n\texit\n");
        assertEquals(39, p.programs().get(0).insns().get(1).off());
    }

    private static Diagnostic loadError(String decl) {
        Program p = Asm.ok("lock_file.bpf", decl + "SEC(\"tc\")\np:\n\tr0 = 0\n\texit\n");
        assertEquals(1, p.loadErrors().size(), p.loadErrors()::toString);
        return p.loadErrors().get(0);
    }

    private static String map(String type, String value, String extra) {
        return "struct {\n\t__uint(type, " + type + ");\n\t__uint(max_entries, 4);\n\t__type(key, u32);\n\t__type(value, "
                + value + ");\n" + extra + "} mm SEC(\".maps\");\n";
    }

    @Test
    void reports_lock_placement_errors_with_the_kernel_errno() {
        String twoSpin = "struct two { struct bpf_spin_lock a; struct bpf_spin_lock b; };\n";
        assertEquals(new Diagnostic(new SourcePos("lock_file.bpf", 7, 3), Errno.E2BIG,
                "BTF of map 'mm' does not load: 'struct two' has more than one 'struct bpf_spin_lock'"),
                loadError(twoSpin + map("BPF_MAP_TYPE_HASH", "struct two", "")));
        String both = "struct both { struct bpf_res_spin_lock r; struct bpf_spin_lock a; };\n";
        Diagnostic d = loadError(both + "struct outer { u64 x; struct both b; };\n" + map("BPF_MAP_TYPE_HASH", "struct outer", ""));
        assertEquals(Errno.EINVAL, d.errno());
        assertEquals("BTF of map 'mm' does not load: 'struct both' has both 'struct bpf_spin_lock' and 'struct bpf_res_spin_lock'",
                d.message());
        String one = "struct one { u32 v; struct bpf_res_spin_lock l; };\n";
        d = loadError(one + map("BPF_MAP_TYPE_PERCPU_ARRAY", "struct one", ""));
        assertEquals(Errno.EOPNOTSUPP, d.errno());
        assertEquals("map 'mm' of type BPF_MAP_TYPE_PERCPU_ARRAY cannot hold 'struct bpf_res_spin_lock'", d.message());
        d = loadError("struct bpf_spin_lock ro SEC(\".rodata\");\n");
        assertEquals(Errno.EACCES, d.errno());
        assertEquals("map 'lock_fil.rodata' is read-only to programs and cannot hold 'struct bpf_spin_lock'", d.message());
    }

    @Test
    void a_value_whose_lock_record_is_invalid_makes_a_map_without_a_lock() {
        String twoRes = "struct two { struct bpf_res_spin_lock a; struct bpf_res_spin_lock b; };\n";
        String arr = "struct arr { struct bpf_spin_lock l[2]; };\n";
        String nestedBoth = "struct in { u32 x; struct bpf_spin_lock l; };\nstruct both { struct bpf_res_spin_lock r; struct in i; };\n";
        String keyLock = "struct one { u32 v; struct bpf_res_spin_lock l; };\n";
        for (String decl : List.of(twoRes + map("BPF_MAP_TYPE_PERCPU_HASH", "struct two", ""),
                arr + map("BPF_MAP_TYPE_ARRAY", "struct arr", ""),
                nestedBoth + map("BPF_MAP_TYPE_HASH", "struct both", ""),
                keyLock + map("BPF_MAP_TYPE_HASH", "u64", "").replace("__type(key, u32)", "__type(key, struct one)"))) {
            Program p = Asm.ok("lock_file.bpf", decl + "SEC(\"tc\")\np:\n\tr0 = 0\n\texit\n");
            assertEquals(List.of(), p.loadErrors(), decl);
            assertEquals(List.of(), p.map("mm").orElseThrow().lockFields(), decl);
        }
    }

    @Test
    void a_nested_lock_replaces_a_top_level_one_of_its_kind() {
        String shadowed = "struct in { u32 x; struct bpf_spin_lock l; };\nstruct v { struct bpf_spin_lock top; struct in i; };\n";
        Program p = Asm.ok("lock_file.bpf", shadowed + map("BPF_MAP_TYPE_HASH", "struct v", "") + "SEC(\"tc\")\np:\n\tr0 = 0\n\texit\n");
        assertEquals(List.of(new LockField(LockKind.SPIN_LOCK, 8)), p.map("mm").orElseThrow().lockFields());
    }

    @Test
    void reports_invalid_map_combinations() {
        Diagnostic d = loadError(map("BPF_MAP_TYPE_LPM_TRIE", "u32", "").replace("__type(key, u32)", "__uint(key_size, 8)"));
        assertEquals(Errno.EINVAL, d.errno());
        assertEquals("map 'mm' of type BPF_MAP_TYPE_LPM_TRIE needs map_flags BPF_F_NO_PREALLOC", d.message());
        d = loadError(map("BPF_MAP_TYPE_LPM_TRIE", "u32", "\t__uint(map_flags, BPF_F_NO_PREALLOC);\n"));
        assertEquals("map 'mm' of type BPF_MAP_TYPE_LPM_TRIE needs a key of a u32 prefixlen and 1 to 256 data bytes, not 4 bytes",
                d.message());
        d = loadError(map("BPF_MAP_TYPE_LPM_TRIE", "u32", "\t__uint(map_flags, BPF_F_NO_PREALLOC);\n").replace("u32);\n\t__type(value",
                "u64);\n\t__type(value"));
        assertEquals("map 'mm' of type BPF_MAP_TYPE_LPM_TRIE needs a key struct that starts with a u32 prefixlen followed by "
                + "the data bytes, not 'u64'", d.message());
        String lpmKey = "struct k { u32 prefixlen; u8 data[4]; };\n";
        assertTrue(Asm.ok("f.bpf", lpmKey + map("BPF_MAP_TYPE_LPM_TRIE", "u32", "\t__uint(map_flags, BPF_F_NO_PREALLOC);\n")
                .replace("key, u32", "key, struct k") + "SEC(\"tc\")\np:\n\texit\n").loads());
        d = loadError(map("BPF_MAP_TYPE_ARRAY", "u32", "").replace("max_entries, 4", "max_entries, 0"));
        assertEquals("map 'mm': max_entries must not be 0", d.message());
        d = loadError(map("BPF_MAP_TYPE_ARRAY", "u32", "\t__uint(map_flags, BPF_F_NO_PREALLOC);\n"));
        assertEquals("map 'mm' of type BPF_MAP_TYPE_ARRAY does not support BPF_F_NO_PREALLOC", d.message());
        d = loadError(map("BPF_MAP_TYPE_HASH", "u32", "\t__uint(map_flags, 0x1000);\n"));
        assertEquals("map 'mm': unsupported map_flags 0x1000", d.message());
    }

    @Test
    void never_throws_for_a_name_that_is_not_a_path() {
        Assembly a = Assembler.assemble("\0weird:/name\\x.bpf", "u32 v SEC(\".bss\");\nSEC(\"tc\")\np:\n\texit\n");
        assertTrue(a.ok(), a::renderErrors);
        assertEquals("x.bss", a.program().maps().get(0).name());
    }
}
