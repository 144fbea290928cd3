package org.rqbpf.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.CType;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.LineInfo;
import org.rqbpf.program.MapChecks;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;
import org.rqbpf.program.Program;
import org.rqbpf.program.SourcePos;

/**
 * Turns a parsed object into a {@link Program}, in libbpf's steps:
 * <ol>
 *   <li>maps: the BTF-defined maps of {@code .maps} ({@link MapDefinitions}), then one ARRAY map per data
 *       section ({@code .data*}, {@code .rodata*}, {@code .bss}) holding the section's bytes, its
 *       variables typed from the section's DATASEC;
 *   <li>code: every executable section's instructions, relocated: {@code R_BPF_64_64} on an
 *       {@code ld_imm64} names a map ({@code BPF_PSEUDO_MAP_IDX}) or a variable
 *       ({@code BPF_PSEUDO_MAP_IDX_VALUE}, offset = symbol value + the instruction's addend);
 *       {@code R_BPF_64_32} on a call names a subprogram (slot = symbol value / 8 + imm + 1) or, when the
 *       symbol is undefined, a {@code __ksym} kfunc, resolved by name (one rqbpf lacks poisons the call,
 *       as libbpf poisons an unresolved weak kfunc); then CO-RE relocations
 *       ({@link CoreRelocations});
 *   <li>programs: each function symbol of a section other than {@code .text} is a program of the
 *       section's type (one whose section names no hook rqbpf has is left out, with the reason); its image is its body followed by every subprogram it reaches, once each, in
 *       order of first call (as libbpf appends them), with calls re-pointed into the image;
 *   <li>annotations from the program's BTF decl tags ({@link DeclTagAnnotations}), source positions from
 *       {@code .BTF.ext} line info.
 * </ol>
 */
final class ObjectLoader {
    /**
     * libbpf's poison for a call of a kfunc it cannot resolve (a helper call of this base + the extern's
     * index): a program that reaches it is refused with {@code invalid func unknown#...}, the others load.
     */
    static final int POISON_KFUNC_BASE = 2_002_000_000;

    private final String fileName;
    private final ElfObject elf;
    private final Btf btf;
    private final BtfExt ext;
    private final BtfTypes types;
    private final List<MapDef> maps = new ArrayList<>();
    private final List<GlobalVar> globals = new ArrayList<>();
    /** Map index by the name of its {@code .maps} variable, and by the DATASEC offset of the variable. */
    private final Map<String, Integer> mapByName = new HashMap<>();
    private final Map<Long, Integer> mapByOffset = new HashMap<>();
    /** Why rqbpf cannot create a {@code .maps} variable, by its name and by its DATASEC offset. */
    private final Map<String, String> unsupportedByName = new HashMap<>();
    private final Map<Long, String> unsupportedByOffset = new HashMap<>();
    /** Per code section: the slots whose instruction rqbpf cannot express, and why (a program using one is left out). */
    private final Map<CodeSection, Map<Integer, String>> unexpressible = new HashMap<>();
    /** Data-section map index by ELF section index. */
    private final Map<Integer, Integer> dataMapBySection = new HashMap<>();
    private final Map<Integer, CodeSection> code = new LinkedHashMap<>();
    /** Per code section: call slot to its target. */
    private final Map<CodeSection, Map<Integer, Target>> calls = new HashMap<>();

    private record Target(CodeSection section, int slot) {}

    private record Node(CodeSection section, CodeSection.Function function) {
        int length() {
            return function.end() - function.start();
        }
    }

    ObjectLoader(String fileName, ElfObject elf) throws MalformedObjectException {
        this.fileName = fileName;
        this.elf = elf;
        ElfObject.Section btfSec = elf.section(".BTF");
        this.btf = btfSec == null ? null : Btf.parse(elf.bytes(btfSec));
        ElfObject.Section extSec = elf.section(".BTF.ext");
        this.ext = extSec == null || btf == null ? BtfExt.empty() : BtfExt.parse(elf.bytes(extSec), btf);
        this.types = btf == null ? null : new BtfTypes(btf);
    }

    Program load() throws MalformedObjectException {
        declaredMaps();
        dataSections();
        codeSections();
        List<String> notes = new ArrayList<>();
        for (CodeSection s : code.values()) {
            relocate(s);
            notes.addAll(CoreRelocations.apply(s, ext.coreRelos(s.name()), btf));
        }
        List<BpfProgram> programs = new ArrayList<>();
        List<Program.LeftOut> leftOut = new ArrayList<>();
        for (CodeSection s : code.values()) {
            if (s.name().equals(".text")) {
                continue;
            }
            String sec = s.name().startsWith("?") ? s.name().substring(1) : s.name();
            for (CodeSection.Function f : s.functions) {
                if (ProgramType.forSection(sec) == null) {
                    leftOut.add(new Program.LeftOut(f.name(), "SEC(\"" + s.name() + "\") names no program type rqbpf supports"));
                    continue;
                }
                Map<Node, Integer> starts = layout(s, f);
                String why = unexpressibleIn(starts.keySet());
                if (why != null) {
                    leftOut.add(new Program.LeftOut(f.name(), why));
                } else {
                    programs.add(program(s, f, starts));
                }
            }
        }
        if (programs.isEmpty() && leftOut.isEmpty()) {
            throw new MalformedObjectException("no programs (no function in a SEC(\"...\") section other than .text)");
        }
        List<Diagnostic> loadErrors = MapChecks.loadErrors(maps);
        return new Program(fileName, List.copyOf(maps), List.copyOf(globals), List.copyOf(programs), List.copyOf(loadErrors),
                List.copyOf(leftOut), List.copyOf(notes));
    }

    // ------------------------------------------------------------------------------------------ maps

    private void declaredMaps() throws MalformedObjectException {
        ElfObject.Section sec = elf.section(".maps");
        if (sec == null) {
            return;
        }
        if (btf == null) {
            throw new MalformedObjectException("SEC(\".maps\") without .BTF (compile with -g: rqbpf reads maps from BTF)");
        }
        List<MapDefinitions.Decoded> decoded = MapDefinitions.decode(btf, types);
        for (int i = 0; i < decoded.size(); i++) {
            MapDefinitions.Decoded d = decoded.get(i);
            if (d.unsupported() != null) {
                unsupportedByName.put(d.name(), d.unsupported());
                unsupportedByOffset.put(varOffset(sec, d.name()), d.unsupported());
                continue;
            }
            int index = maps.size();
            maps.add(new MapDef(d.name(), index, d.type(), d.keySize(), d.valueSize(), d.maxEntries(), d.flags(),
                    d.keyType(), d.valueType(), null, null, where()));
            mapByName.put(d.name(), index);
            mapByOffset.put(varOffset(sec, d.name()), index);
        }
    }

    private void dataSections() throws MalformedObjectException {
        for (ElfObject.Section s : elf.sections()) {
            if (!MapDef.isDataSectionName(s.name()) || (s.flags() & ElfObject.SHF_ALLOC) == 0 || s.size() == 0) {
                continue;
            }
            int index = maps.size();
            List<CType.Field> fields = new ArrayList<>();
            int align = 1;
            Btf.Type datasec = btf == null ? null : btf.datasec(s.name());
            if (datasec != null) {
                for (Btf.Member v : datasec.members()) {
                    Btf.Type var = btf.type(v.type());
                    if (var.kind() != Btf.VAR) {
                        continue;
                    }
                    CType t = types.of(var.sizeOrType(), "variable '" + var.name() + "'");
                    long offset = varOffset(s, var.name());
                    if (offset + t.size() > s.size()) {
                        throw new MalformedObjectException("variable '" + var.name() + "' of " + s.name()
                                + " lies past the end of the section");
                    }
                    fields.add(new CType.Field(var.name(), t, (int) offset));
                    globals.add(new GlobalVar(var.name(), s.name(), index, (int) offset, t, where()));
                    align = Math.max(align, t.align());
                }
            }
            int flags = s.name().startsWith(".rodata") ? MapFlags.BPF_F_RDONLY_PROG : 0;
            int size = (int) s.size();
            fields.sort(Comparator.comparingInt(CType.Field::offset));
            CType.Struct value = new CType.Struct(s.name(), List.copyOf(fields), size, align);
            maps.add(new MapDef(MapDef.dataSectionMapName(fileName, s.name()), index, MapType.ARRAY, 4, size, 1, flags,
                    new CType.Scalar("u32", 4, false), value, s.name(), elf.bytes(s), where()));
            dataMapBySection.put(s.index(), index);
        }
    }

    /**
     * Where variable {@code name} lies in section {@code s}: its symbol's value. clang leaves the DATASEC
     * offsets 0 and libbpf fills them in from the symbol table the same way.
     */
    private long varOffset(ElfObject.Section s, String name) throws MalformedObjectException {
        for (ElfObject.Symbol sym : elf.symbols()) {
            if (sym.section() == s.index() && sym.name().equals(name) && sym.type() == ElfObject.STT_OBJECT) {
                return sym.value();
            }
        }
        throw new MalformedObjectException("variable '" + name + "' of " + s.name() + " has no symbol");
    }

    private SourcePos where() {
        return new SourcePos(fileName, 0, 0);
    }

    // ------------------------------------------------------------------------------------------ code

    private void codeSections() throws MalformedObjectException {
        for (ElfObject.Section s : elf.sections()) {
            if (s.type() == ElfObject.SHT_PROGBITS && s.executable() && s.size() > 0) {
                code.put(s.index(), new CodeSection(s, elf.bytes(s)));
            }
        }
        for (ElfObject.Symbol sym : elf.symbols()) {
            CodeSection s = code.get(sym.section());
            if (s == null || sym.type() != ElfObject.STT_FUNC) {
                continue;
            }
            if (sym.value() % 8 != 0 || sym.size() % 8 != 0 || sym.value() + sym.size() > s.section.size() || sym.size() == 0) {
                throw new MalformedObjectException("function '" + sym.name() + "' (offset " + sym.value() + ", " + sym.size()
                        + " bytes) is not a whole run of instructions inside " + s.name());
            }
            boolean global = sym.bind() != ElfObject.STB_LOCAL && sym.visibility() != ElfObject.STV_HIDDEN;
            s.functions.add(new CodeSection.Function(sym.name(), (int) (sym.value() / 8),
                    (int) ((sym.value() + sym.size()) / 8), global));
        }
        for (CodeSection s : code.values()) {
            s.functions.sort(Comparator.comparingInt(CodeSection.Function::start));
            for (int i = 1; i < s.functions.size(); i++) {
                if (s.functions.get(i).start() < s.functions.get(i - 1).end()) {
                    throw new MalformedObjectException("functions '" + s.functions.get(i - 1).name() + "' and '"
                            + s.functions.get(i).name() + "' of " + s.name() + " overlap");
                }
            }
        }
    }

    private void relocate(CodeSection s) throws MalformedObjectException {
        Map<Integer, Target> targets = new HashMap<>();
        Map<Integer, ElfObject.Relocation> relocs = new HashMap<>();
        for (ElfObject.Relocation r : elf.relocations(s.section)) {
            if (r.offset() % 8 != 0) {
                throw new MalformedObjectException(s.name() + ": relocation at offset " + r.offset()
                        + " is not at an instruction boundary");
            }
            relocs.put((int) (r.offset() / 8), r);
        }
        for (int i = 0; i < s.insns.length; i++) {
            RawInsn in = s.insns[i];
            ElfObject.Relocation r = relocs.get(i);
            if (in.isLdImm64()) {
                if (i + 1 >= s.insns.length) {
                    throw new MalformedObjectException(s.name() + ": ld_imm64 at insn " + i + " is cut off by the end of the section");
                }
                if (r != null) {
                    relocateLoad(s, i, r);
                }
                i++;
            } else if (in.opcode() == (Bpf.JMP | Bpf.CALL) && (r != null || in.src() == Bpf.PSEUDO_CALL)) {
                targets.put(i, relocateCall(s, i, r));
            } else if (r != null) {
                throw new MalformedObjectException(s.name() + ": relocation of '" + r.symbol().name() + "' at insn " + i
                        + " is on neither an ld_imm64 nor a call");
            }
        }
        calls.put(s, targets);
    }

    private void relocateLoad(CodeSection s, int i, ElfObject.Relocation r) throws MalformedObjectException {
        RawInsn lo = s.insns[i], hi = s.insns[i + 1];
        ElfObject.Symbol sym = r.symbol();
        String at = s.name() + " insn " + i;
        if (r.type() != ElfObject.R_BPF_64_64) {
            throw new MalformedObjectException(at + ": relocation type " + r.type() + " on an ld_imm64 (expected R_BPF_64_64)");
        }
        if (sym.undefined()) {
            throw new MalformedObjectException(at + ": extern variable '" + sym.name()
                    + "' (__kconfig / __ksym variables are not supported by rqbpf)");
        }
        ElfObject.Section target = elf.sections().get(sym.section());
        if (target.name().equals(".maps")) {
            Integer index = sym.type() == ElfObject.STT_SECTION ? mapByOffset.get(sym.value() + lo.imm()) : mapByName.get(sym.name());
            String unsupported = sym.type() == ElfObject.STT_SECTION ? unsupportedByOffset.get(sym.value() + lo.imm())
                    : unsupportedByName.get(sym.name());
            if (unsupported != null) {
                unexpressible(s, i, unsupported);
                return;
            }
            if (index == null) {
                throw new MalformedObjectException(at + ": '" + sym.name() + "' in .maps is not a map definition");
            }
            s.insns[i] = new RawInsn(lo.opcode(), lo.dst(), Bpf.PSEUDO_MAP_IDX, lo.off(), index);
            s.insns[i + 1] = new RawInsn(hi.opcode(), hi.dst(), hi.src(), hi.off(), 0);
            return;
        }
        Integer index = dataMapBySection.get(sym.section());
        if (index == null && code.containsKey(sym.section())) {
            unexpressible(s, i, "ld_imm64 of '" + sym.name() + "': function pointers (callbacks) are not supported by rqbpf");
            return;
        }
        if (index == null) {
            String why = "section " + target.name() + " is neither .maps nor a data section";
            throw new MalformedObjectException(at + ": ld_imm64 of '" + sym.name() + "': " + why);
        }
        long offset = sym.value() + lo.imm();
        if (offset < 0 || offset >= target.size()) {
            throw new MalformedObjectException(at + ": offset " + offset + " of '" + sym.name() + "' is outside " + target.name());
        }
        s.insns[i] = new RawInsn(lo.opcode(), lo.dst(), Bpf.PSEUDO_MAP_IDX_VALUE, lo.off(), index);
        s.insns[i + 1] = new RawInsn(hi.opcode(), hi.dst(), hi.src(), hi.off(), (int) offset);
    }

    private void unexpressible(CodeSection s, int slot, String why) {
        unexpressible.computeIfAbsent(s, k -> new HashMap<>()).put(slot, why);
    }

    /** Why a program made of {@code nodes} cannot be built, or null: the first unexpressible slot it contains. */
    private String unexpressibleIn(Iterable<Node> nodes) {
        for (Node n : nodes) {
            Map<Integer, String> bad = unexpressible.getOrDefault(n.section(), Map.of());
            for (int slot = n.function().start(); slot < n.function().end(); slot++) {
                if (bad.containsKey(slot)) {
                    return n.section().name() + " insn " + slot + ": " + bad.get(slot);
                }
            }
        }
        return null;
    }

    private Target relocateCall(CodeSection s, int i, ElfObject.Relocation r) throws MalformedObjectException {
        RawInsn in = s.insns[i];
        String at = s.name() + " insn " + i;
        if (r == null) {
            return new Target(s, i + in.imm() + 1);
        }
        ElfObject.Symbol sym = r.symbol();
        if (r.type() != ElfObject.R_BPF_64_32) {
            throw new MalformedObjectException(at + ": relocation type " + r.type() + " on a call (expected R_BPF_64_32)");
        }
        if (sym.undefined()) {
            Kfunc k = Kfunc.byName(sym.name());
            s.insns[i] = k != null ? new RawInsn(in.opcode(), in.dst(), Bpf.PSEUDO_KFUNC_CALL, in.off(), k.id())
                    : new RawInsn(in.opcode(), in.dst(), 0, 0, POISON_KFUNC_BASE + sym.index());
            return null;
        }
        CodeSection target = code.get(sym.section());
        if (target == null) {
            throw new MalformedObjectException(at + ": call of '" + sym.name() + "', which is not in a code section");
        }
        if (sym.value() % 8 != 0) {
            throw new MalformedObjectException(at + ": call of '" + sym.name() + "' at an offset inside an instruction");
        }
        s.insns[i] = new RawInsn(in.opcode(), in.dst(), Bpf.PSEUDO_CALL, in.off(), in.imm());
        return new Target(target, (int) (sym.value() / 8) + in.imm() + 1);
    }

    // ------------------------------------------------------------------------------------------ programs

    /** The functions of program {@code f} of {@code s} (itself first, then its callees) by start index. */
    private Map<Node, Integer> layout(CodeSection s, CodeSection.Function f) throws MalformedObjectException {
        Node main = new Node(s, f);
        Map<Node, Integer> starts = new LinkedHashMap<>();
        starts.put(main, 0);
        int[] size = {main.length()};
        appendCallees(main, starts, size, f.name());
        return starts;
    }

    private BpfProgram program(CodeSection s, CodeSection.Function f, Map<Node, Integer> starts) throws MalformedObjectException {
        String section = s.name();
        boolean autoload = !section.startsWith("?");
        String sec = autoload ? section : section.substring(1);
        ProgramType type = ProgramType.forSection(sec);
        Node main = new Node(s, f);
        int size = 0;
        for (Node n : starts.keySet()) {
            size += n.length();
        }

        List<RawInsn> insns = new ArrayList<>(size);
        List<SourcePos> positions = new ArrayList<>(size);
        List<FunctionInfo> functions = new ArrayList<>();
        Map<Integer, String> labels = new HashMap<>();
        List<LineInfo> lineInfo = new ArrayList<>();
        for (Map.Entry<Node, Integer> e : starts.entrySet()) {
            Node n = e.getKey();
            int start = e.getValue();
            Map<Integer, Target> targets = calls.get(n.section());
            SourcePos[] lines = lines(n, start, lineInfo);
            for (int slot = n.function().start(); slot < n.function().end(); slot++) {
                RawInsn in = n.section().insns[slot];
                Target t = targets.get(slot);
                if (t != null) {
                    Node callee = nodeAt(t, f.name());
                    int to = starts.get(callee) + (t.slot() - callee.function().start());
                    in = new RawInsn(in.opcode(), in.dst(), in.src(), in.off(), to - (insns.size() + 1));
                }
                insns.add(in);
                positions.add(lines[slot - n.function().start()]);
            }
            FunctionInfo.Kind kind = n.equals(main) ? FunctionInfo.Kind.MAIN
                    : n.function().global() ? FunctionInfo.Kind.GLOBAL : FunctionInfo.Kind.STATIC;
            functions.add(new FunctionInfo(n.function().name(), start, start + n.length(), kind));
            labels.put(start, n.function().name());
        }
        SourcePos pos = positions.get(0);
        Annotations annotations = DeclTagAnnotations.of(declTags(f.name()), pos, f.name());
        return new BpfProgram(f.name(), sec, autoload, type, annotations, List.copyOf(insns), List.copyOf(positions),
                List.copyOf(functions), Map.copyOf(labels), pos, List.copyOf(lineInfo));
    }

    private void appendCallees(Node node, Map<Node, Integer> starts, int[] size, String program) throws MalformedObjectException {
        Map<Integer, Target> targets = calls.get(node.section());
        for (int slot = node.function().start(); slot < node.function().end(); slot++) {
            Target t = targets.get(slot);
            if (t == null || (t.section() == node.section() && t.slot() >= node.function().start()
                    && t.slot() < node.function().end())) {
                continue;
            }
            Node callee = nodeAt(t, program);
            if (!starts.containsKey(callee)) {
                starts.put(callee, size[0]);
                size[0] += callee.length();
                appendCallees(callee, starts, size, program);
            }
        }
    }

    private static Node nodeAt(Target t, String program) throws MalformedObjectException {
        CodeSection.Function f = t.section().functionContaining(t.slot());
        if (f == null) {
            throw new MalformedObjectException("program '" + program + "': a call targets insn " + t.slot() + " of "
                    + t.section().name() + ", which is in no function");
        }
        return new Node(t.section(), f);
    }

    /**
     * The source position of each slot of {@code n}: the latest line info at or before it. The records
     * inside {@code n} are added to {@code image} at their image slots ({@code n} starts at {@code start}).
     */
    private SourcePos[] lines(Node n, int start, List<LineInfo> image) throws MalformedObjectException {
        SourcePos[] out = new SourcePos[n.length()];
        SourcePos current = new SourcePos(fileName, 0, 0);
        List<BtfExt.LineInfo> infos = ext.lineInfo(n.section().name());
        int k = 0;
        for (int slot = n.function().start(); slot < n.function().end(); slot++) {
            while (k < infos.size() && infos.get(k).insnOff() / 8 <= slot) {
                BtfExt.LineInfo li = infos.get(k++);
                if (li.insnOff() / 8 >= n.function().start()) {
                    current = new SourcePos(btf.string(li.fileNameOff()), li.line(), li.column());
                    image.add(new LineInfo(start + slot - n.function().start(), current, btf.string(li.lineOff())));
                }
            }
            out[slot - n.function().start()] = current;
        }
        return out;
    }

    /** The decl tags on the program's FUNC itself (component_idx -1), in BTF order. */
    private List<String> declTags(String function) {
        if (btf == null) {
            return List.of();
        }
        int funcId = -1;
        for (Btf.Type t : btf.types()) {
            if (t.kind() == Btf.FUNC && t.name().equals(function)) {
                funcId = t.id();
                break;
            }
        }
        List<String> tags = new ArrayList<>();
        for (Btf.Type t : btf.types()) {
            if (t.kind() == Btf.DECL_TAG && t.sizeOrType() == funcId && t.extra() == -1) {
                tags.add(t.name());
            }
        }
        return tags;
    }
}
