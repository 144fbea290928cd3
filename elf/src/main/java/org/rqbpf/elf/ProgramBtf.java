package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.CType;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.LineInfo;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * The BTF of one file, as libbpf would hand it to the kernel: every type of the file's maps (the lock
 * structs exactly as vmlinux has them, {@code struct bpf_spin_lock} and {@code struct bpf_res_spin_lock}:
 * 4 bytes, one {@code u32 val}), a {@code DATASEC} per global-data section with a {@code VAR} per
 * variable, a {@code FUNC} for every function of every program, so {@code func_info} can name them, and
 * the strings of the programs' line info.
 *
 * <p>The BTF of an object file ({@link #forObject}) also has what clang writes for libbpf: each
 * {@code .maps} definition as a {@code VAR} of an anonymous struct whose members encode the attributes
 * ({@code __uint(type, N)} is {@code int (*type)[N]}, {@code __type(key, T)} is {@code T *key}) in a
 * {@code .maps} {@code DATASEC}, and each kfunc the programs call as an extern {@code FUNC} in a
 * {@code .ksyms} {@code DATASEC}, and each program's test annotations as decl tags.
 */
public final class ProgramBtf {
    /** Where a map's definition lies in an object's {@code .maps} section. */
    public record MapSlot(MapDef map, int offset, int size) {}

    private final BtfWriter w = new BtfWriter();
    private final Map<CType, Integer> ids = new HashMap<>();
    private final Map<Integer, int[]> mapTypes = new HashMap<>();
    private final Map<BpfProgram, byte[]> funcInfo = new HashMap<>();
    private final Map<BpfProgram, byte[]> lineInfo = new HashMap<>();
    private final Map<String, Integer> funcIds = new HashMap<>();
    private final List<MapSlot> mapSlots = new ArrayList<>();
    private int u32;

    private ProgramBtf() {}

    /** Builds the BTF of {@code file} for a load into the kernel. */
    public static ProgramBtf of(Program file) {
        ProgramBtf b = types(file);
        for (BpfProgram p : file.programs()) {
            b.lines(p);
        }
        return b;
    }

    /** The types of the maps and globals and the functions' FUNCs, common to both uses. */
    private static ProgramBtf types(Program file) {
        ProgramBtf b = new ProgramBtf();
        b.u32 = b.w.addInt("unsigned int", 4, 0);
        for (MapDef m : file.maps()) {
            b.map(file, m);
        }
        for (BpfProgram p : file.programs()) {
            b.functions(p);
        }
        return b;
    }

    /**
     * Builds the BTF of {@code file} for an object file: the types of {@link #of} (the line info goes to
     * {@code .BTF.ext}, whose writer adds its strings) plus the map definitions, the kfunc externs and
     * each program's test annotations as the decl tags of its {@code FUNC}.
     */
    public static ProgramBtf forObject(Program file) {
        ProgramBtf b = types(file);
        b.mapDefinitions(file);
        b.kfuncExterns(file);
        for (BpfProgram p : file.programs()) {
            b.annotations(p);
        }
        return b;
    }

    /** The {@code .maps} layout of an object's BTF (empty for a kernel load's). */
    public List<MapSlot> mapSlots() {
        return mapSlots;
    }

    /** The id of the {@code FUNC} named {@code function} (the first one, when programs share it). */
    public int funcTypeId(String function) {
        Integer id = funcIds.get(function);
        if (id == null) {
            throw new IllegalArgumentException("no FUNC named " + function);
        }
        return id;
    }

    /** The offset of {@code s} in the string section (added on first use): section and file names, source lines. */
    public int string(String s) {
        return w.string(s);
    }

    /** The encoded BTF. */
    public byte[] bytes() {
        return w.build();
    }

    /** {@code {keyTypeId, valueTypeId}} for map {@code index}; both 0 when the map has no BTF. */
    public int[] mapTypeIds(int index) {
        return mapTypes.getOrDefault(index, new int[2]);
    }

    /** {@code func_info} records ({@code insn_off}, {@code type_id}) for {@code p}'s functions. */
    public byte[] funcInfo(BpfProgram p) {
        return funcInfo.get(p);
    }

    /**
     * {@code line_info} records ({@code insn_off}, {@code file_name_off}, {@code line_off},
     * {@code line << 10 | col}) for {@code p}; empty when it has none or when the kernel would refuse them
     * (offsets not strictly increasing, a function without a record at its first instruction).
     */
    public byte[] lineInfo(BpfProgram p) {
        return lineInfo.getOrDefault(p, new byte[0]);
    }

    private void lines(BpfProgram p) {
        List<LineInfo> records = p.lineInfo();
        if (records.isEmpty() || !kernelAccepts(p, records)) {
            return;
        }
        ByteBuffer info = ByteBuffer.allocate(16 * records.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (LineInfo li : records) {
            info.putInt(li.slot()).putInt(w.string(li.pos().file())).putInt(w.string(li.text()))
                    .putInt(li.pos().line() << 10 | (li.pos().col() & 0x3ff));
        }
        lineInfo.put(p, info.array());
    }

    private static boolean kernelAccepts(BpfProgram p, List<LineInfo> records) {
        Set<Integer> starts = new HashSet<>();
        int prev = -1;
        for (LineInfo li : records) {
            if (li.slot() <= prev || li.slot() >= p.insns().size()) {
                return false;
            }
            prev = li.slot();
            starts.add(li.slot());
        }
        for (FunctionInfo f : p.functions()) {
            if (!starts.contains(f.start())) {
                return false;
            }
        }
        return true;
    }

    private void map(Program file, MapDef m) {
        if (m.isDataSection()) {
            List<BtfWriter.SectionVar> vars = new ArrayList<>();
            for (GlobalVar v : file.globals()) {
                if (v.mapIndex() == m.index()) {
                    int var = w.addVar(v.name(), type(v.type()), BtfWriter.VAR_GLOBAL_ALLOCATED);
                    vars.add(new BtfWriter.SectionVar(var, v.offset(), v.type().size()));
                }
            }
            vars.sort((a, c) -> Integer.compare(a.offset(), c.offset()));
            int sec = w.addDatasec(m.section(), m.valueSize(), vars.toArray(BtfWriter.SectionVar[]::new));
            mapTypes.put(m.index(), new int[] {0, sec});
        } else if (m.hasBtf()) {
            int key = m.keyType() == null ? 0 : type(m.keyType());
            mapTypes.put(m.index(), new int[] {key, type(m.valueType())});
        }
    }

    private void functions(BpfProgram p) {
        ByteBuffer info = ByteBuffer.allocate(8 * p.functions().size()).order(ByteOrder.LITTLE_ENDIAN);
        int intType = type(new CType.Scalar("int", 4, true));
        int longType = type(new CType.Scalar("long", 8, true));
        ArgCount args = new ArgCount(p.insns(), p.functions());
        for (FunctionInfo f : p.functions()) {
            int proto;
            if (f.kind() == FunctionInfo.Kind.MAIN) {
                proto = w.addFuncProto(intType); // as the selftests' __naked void prog(void): no argument to type-check
            } else {
                int n = args.of(f);
                BtfWriter.Member[] params = new BtfWriter.Member[n];
                for (int i = 0; i < n; i++) {
                    params[i] = new BtfWriter.Member("a" + (i + 1), longType, 0);
                }
                proto = w.addFuncProto(intType, params);
            }
            int linkage = f.kind() == FunctionInfo.Kind.STATIC ? BtfWriter.LINKAGE_STATIC : BtfWriter.LINKAGE_GLOBAL;
            int func = w.addFunc(f.name(), proto, linkage);
            funcIds.putIfAbsent(f.name(), func);
            info.putInt(f.start()).putInt(func);
        }
        funcInfo.put(p, info.array());
    }

    private void mapDefinitions(Program file) {
        int intType = type(new CType.Scalar("int", 4, true));
        List<BtfWriter.SectionVar> vars = new ArrayList<>();
        int offset = 0;
        for (MapDef m : file.maps()) {
            if (m.isDataSection()) {
                continue;
            }
            List<BtfWriter.Member> members = new ArrayList<>();
            members.add(uintMember("type", m.type().id(), intType));
            members.add(uintMember("max_entries", m.maxEntries(), intType));
            members.add(m.keyType() != null ? new BtfWriter.Member("key", w.addPointer(type(m.keyType())), 0)
                    : uintMember("key_size", m.keySize(), intType));
            members.add(m.valueType() != null ? new BtfWriter.Member("value", w.addPointer(type(m.valueType())), 0)
                    : uintMember("value_size", m.valueSize(), intType));
            if (m.flags() != 0) {
                members.add(uintMember("map_flags", m.flags(), intType));
            }
            BtfWriter.Member[] placed = new BtfWriter.Member[members.size()];
            for (int i = 0; i < placed.length; i++) {
                placed[i] = new BtfWriter.Member(members.get(i).name(), members.get(i).type(), 64 * i);
            }
            int size = 8 * placed.length;
            int def = w.addStruct("", size, placed);
            vars.add(new BtfWriter.SectionVar(w.addVar(m.name(), def, BtfWriter.VAR_GLOBAL_ALLOCATED), offset, size));
            mapSlots.add(new MapSlot(m, offset, size));
            offset += size;
        }
        if (!vars.isEmpty()) {
            w.addDatasec(".maps", offset, vars.toArray(BtfWriter.SectionVar[]::new));
        }
    }

    /**
     * The program's annotations as the kernel's bpf_misc.h (6.12 and later) writes them: {@code comment:test_...}
     * decl tags on its {@code FUNC}, messages numbered in source order ({@code test_expect_msg=N=TEXT});
     * {@link DeclTagAnnotations} reads them back.
     */
    private void annotations(BpfProgram p) {
        int func = funcTypeId(p.name());
        int n = 0;
        for (String tag : DeclTagAnnotations.tags(p.annotations())) {
            int eq = tag.indexOf('=');
            boolean numbered = eq > 0 && tag.substring(0, eq).contains("_msg");
            w.addDeclTag("comment:" + (numbered ? tag.substring(0, eq + 1) + n++ + "=" + tag.substring(eq + 1) : tag), func, -1);
        }
    }

    /** {@code __uint(name, value)}: a pointer to an array of {@code value} ints. */
    private BtfWriter.Member uintMember(String name, int value, int intType) {
        return new BtfWriter.Member(name, w.addPointer(w.addArray(intType, u32, value)), 0);
    }

    /** Each kfunc called, as clang declares an {@code extern ... __ksym} function: its prototype, in {@code .ksyms}. */
    private void kfuncExterns(Program file) {
        Set<Kfunc> called = new TreeSet<>();
        for (BpfProgram p : file.programs()) {
            for (RawInsn in : p.insns()) {
                if (in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_KFUNC_CALL && Kfunc.byId(in.imm()) != null) {
                    called.add(Kfunc.byId(in.imm()));
                }
            }
        }
        if (called.isEmpty()) {
            return;
        }
        int flags = w.addPointer(type(new CType.Scalar("unsigned long", 8, false)));
        int lock = w.addPointer(type(new CType.Lock(LockKind.RES_SPIN_LOCK)));
        int intType = type(new CType.Scalar("int", 4, true));
        List<BtfWriter.SectionVar> vars = new ArrayList<>();
        for (Kfunc k : called) {
            boolean takesLock = k.fname().startsWith("bpf_res_spin_");
            BtfWriter.Member[] params = new BtfWriter.Member[k.argCount()];
            for (int i = 0; i < params.length; i++) {
                params[i] = new BtfWriter.Member(i == 0 && takesLock ? "lock" : "flags", i == 0 && takesLock ? lock : flags, 0);
            }
            int proto = w.addFuncProto(k.returnsInt() ? intType : 0, params);
            vars.add(new BtfWriter.SectionVar(w.addFunc(k.fname(), proto, BtfWriter.LINKAGE_EXTERN), 0, 0));
        }
        w.addDatasec(".ksyms", 0, vars.toArray(BtfWriter.SectionVar[]::new));
    }

    private int type(CType t) {
        Integer id = ids.get(t);
        if (id != null) {
            return id;
        }
        int made;
        if (t instanceof CType.Scalar s) {
            int enc = s.spelling().equals("bool") || s.spelling().equals("_Bool") ? BtfWriter.INT_BOOL
                    : s.signed() ? BtfWriter.INT_SIGNED : 0;
            made = w.addInt(s.spelling(), s.size(), enc);
        } else if (t instanceof CType.Array a) {
            made = w.addArray(type(a.element()), u32, a.length());
        } else if (t instanceof CType.Lock l) {
            made = w.addStruct(l.kind().typeName(), 4, new BtfWriter.Member("val", u32, 0));
        } else {
            CType.Struct s = (CType.Struct) t;
            BtfWriter.Member[] members = new BtfWriter.Member[s.fields().size()];
            for (int i = 0; i < members.length; i++) {
                CType.Field f = s.fields().get(i);
                members[i] = new BtfWriter.Member(f.name(), type(f.type()), f.offset() * 8);
            }
            made = w.addStruct(s.name(), s.size(), members);
        }
        ids.put(t, made);
        return made;
    }
}
