package org.rqbpf.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.LineInfo;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.program.SourcePos;

/**
 * Writes a program file as the object clang would compile from the same C, so that llvm-objdump,
 * bpftool and libbpf read it (and {@link ElfReader} reads it back to the same programs):
 *
 * <ul>
 *   <li>every subprogram once in {@code .text} (static ones as local symbols), in order of first use;
 *       calls between them are pc-relative without relocation, calls from a program are
 *       {@code R_BPF_64_32} against {@code .text} with {@code imm} = target slot - 1;
 *   <li>each program in the section of its {@code SEC} ({@code ?} kept for a program not loaded by
 *       default), programs of one section one after the other, each a global function symbol;
 *   <li>maps in {@code .maps} as BTF-defined map variables, each map reference an {@code R_BPF_64_64}
 *       against its symbol; global data in its own section ({@code .bss} without contents), each
 *       variable a symbol, each reference an {@code R_BPF_64_64} against the section symbol with the
 *       variable's offset in the instruction's {@code imm};
 *   <li>kfunc calls as clang leaves them for libbpf: {@code call -1} with {@code src_reg} 1 and an
 *       {@code R_BPF_64_32} against an undefined symbol of the kfunc's name;
 *   <li>{@code license} ("GPL", as rqbpf loads programs), {@code .BTF} ({@link ProgramBtf#forObject}) and
 *       {@code .BTF.ext} with a {@code func_info} record per function and a {@code line_info} record where
 *       the source line changes (the text of the line when the source is given).
 * </ul>
 */
public final class ObjectWriter {
    private static final String TEXT = ".text";

    /** A run of instructions of one function in one code section. */
    private record Piece(BpfProgram program, FunctionInfo function, String section, int start) {}

    /**
     * A relocation still to be made against the symbol named {@code symbol}, or against the section
     * symbol of section {@code symbol} when {@code ofSection}; resolved once the symbols exist.
     */
    private record PendingReloc(String section, int slot, String symbol, boolean ofSection, int type) {}

    private final Program file;
    private final String[] sourceLines;
    private final Map<String, Piece> text = new LinkedHashMap<>();
    private final Map<String, List<Piece>> programSections = new LinkedHashMap<>();
    private final Map<String, List<RawInsn>> code = new LinkedHashMap<>();
    private final List<PendingReloc> relocs = new ArrayList<>();
    private final TreeSet<String> kfuncs = new TreeSet<>();

    private ObjectWriter(Program file, String source) {
        this.file = file;
        this.sourceLines = source == null ? null : source.split("\n", -1);
    }

    /**
     * The object of {@code file}; {@code source} is its text (for the source lines of {@code line_info}),
     * or null.
     */
    public static byte[] write(Program file, String source) throws ObjectWriteException {
        return new ObjectWriter(file, source).build();
    }

    private byte[] build() throws ObjectWriteException {
        layOut();
        for (Piece p : text.values()) {
            emit(p);
        }
        for (List<Piece> pieces : programSections.values()) {
            for (Piece p : pieces) {
                emit(p);
            }
        }
        ProgramBtf btf = ProgramBtf.forObject(file);
        byte[] ext = btfExt(btf);
        return elf(btf.bytes(), ext, btf);
    }

    // ------------------------------------------------------------------------------------------ layout

    private void layOut() throws ObjectWriteException {
        int textSlots = 0;
        for (BpfProgram p : file.programs()) {
            for (FunctionInfo f : p.functions()) {
                if (f.kind() != FunctionInfo.Kind.MAIN && !text.containsKey(f.name())) {
                    text.put(f.name(), new Piece(p, f, TEXT, textSlots));
                    textSlots += f.end() - f.start();
                }
            }
        }
        Map<String, Integer> sectionSlots = new LinkedHashMap<>();
        for (BpfProgram p : file.programs()) {
            if (text.containsKey(p.name())) {
                throw new ObjectWriteException("program '" + p.name() + "' is also called as a subprogram");
            }
            String section = (p.autoload() ? "" : "?") + p.section();
            if (section.equals(TEXT)) {
                throw new ObjectWriteException("program '" + p.name() + "': SEC(\".text\") holds subprograms, not programs");
            }
            FunctionInfo main = p.functions().get(0);
            int at = sectionSlots.getOrDefault(section, 0);
            programSections.computeIfAbsent(section, k -> new ArrayList<>()).add(new Piece(p, main, section, at));
            sectionSlots.put(section, at + main.end() - main.start());
        }
    }

    /** Appends {@code piece}'s instructions to its section, turning rqbpf's linked references into relocations. */
    private void emit(Piece piece) throws ObjectWriteException {
        BpfProgram p = piece.program();
        List<RawInsn> out = code.computeIfAbsent(piece.section(), k -> new ArrayList<>());
        for (int i = piece.function().start(); i < piece.function().end(); i++) {
            RawInsn in = p.insns().get(i);
            int slot = out.size();
            String at = "program '" + p.name() + "' insn " + i;
            if (in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_CALL) {
                out.add(call(piece, in, i, slot, at));
            } else if (in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_KFUNC_CALL) {
                Kfunc k = Kfunc.byId(in.imm());
                if (k == null) {
                    throw new ObjectWriteException(at + ": kfunc #" + in.imm() + " has no name to link against");
                }
                kfuncs.add(k.fname());
                relocs.add(new PendingReloc(piece.section(), slot, k.fname(), false, ElfObject.R_BPF_64_32));
                out.add(new RawInsn(in.opcode(), in.dst(), Bpf.PSEUDO_CALL, in.off(), -1));
            } else if (in.isLdImm64()) {
                RawInsn hi = p.insns().get(++i);
                load(piece.section(), in, hi, slot, at, out);
            } else {
                out.add(in);
            }
        }
    }

    private RawInsn call(Piece piece, RawInsn in, int i, int slot, String at) throws ObjectWriteException {
        int target = i + in.imm() + 1;
        FunctionInfo callee = piece.program().functionAt(target);
        Piece placed = text.get(callee.name());
        if (callee.kind() == FunctionInfo.Kind.MAIN || placed == null) {
            throw new ObjectWriteException(at + ": a call into the program's own body (only subprograms can be called)");
        }
        int textTarget = placed.start() + target - callee.start();
        if (piece.section().equals(TEXT)) {
            return new RawInsn(in.opcode(), in.dst(), in.src(), in.off(), textTarget - (slot + 1));
        }
        relocs.add(new PendingReloc(piece.section(), slot, TEXT, true, ElfObject.R_BPF_64_32));
        return new RawInsn(in.opcode(), in.dst(), in.src(), in.off(), textTarget - 1);
    }

    private void load(String section, RawInsn lo, RawInsn hi, int slot, String at, List<RawInsn> out)
            throws ObjectWriteException {
        if (lo.src() == 0) {
            out.add(lo);
            out.add(hi);
            return;
        }
        if (lo.src() != Bpf.PSEUDO_MAP_IDX && lo.src() != Bpf.PSEUDO_MAP_IDX_VALUE) {
            throw new ObjectWriteException(at + ": ld_imm64 with src_reg " + lo.src()
                    + " (an object names maps by symbol; a raw fd or BTF id has no symbol)");
        }
        if (lo.imm() < 0 || lo.imm() >= file.maps().size()) {
            throw new ObjectWriteException(at + ": map index " + lo.imm() + " out of range");
        }
        MapDef m = file.maps().get(lo.imm());
        if (lo.src() == Bpf.PSEUDO_MAP_IDX && !m.isDataSection()) {
            relocs.add(new PendingReloc(section, slot, m.name(), false, ElfObject.R_BPF_64_64));
            out.add(new RawInsn(lo.opcode(), lo.dst(), 0, lo.off(), 0));
            out.add(new RawInsn(hi.opcode(), hi.dst(), hi.src(), hi.off(), 0));
        } else if (lo.src() == Bpf.PSEUDO_MAP_IDX_VALUE && m.isDataSection()) {
            relocs.add(new PendingReloc(section, slot, m.section(), true, ElfObject.R_BPF_64_64));
            out.add(new RawInsn(lo.opcode(), lo.dst(), 0, lo.off(), hi.imm()));
            out.add(new RawInsn(hi.opcode(), hi.dst(), hi.src(), hi.off(), 0));
        } else {
            throw new ObjectWriteException(at + ": " + (m.isDataSection()
                    ? "the map of data section " + m.section() + " itself (an object can only take a variable's address)"
                    : "the address of a value of map '" + m.name() + "' (an object can only take a global variable's)"));
        }
    }

    // ------------------------------------------------------------------------------------------ .BTF.ext

    private byte[] btfExt(ProgramBtf btf) {
        BtfExtWriter ext = new BtfExtWriter();
        List<Piece> all = new ArrayList<>(text.values());
        programSections.values().forEach(all::addAll);
        for (Piece piece : all) {
            int section = btf.string(piece.section());
            ext.func(section, piece.start() * 8, btf.funcTypeId(piece.function().name()));
        }
        for (Piece piece : all) {
            int section = btf.string(piece.section());
            for (LineInfo li : lines(piece)) {
                SourcePos pos = li.pos();
                ext.line(section, (piece.start() + li.slot() - piece.function().start()) * 8, btf.string(pos.file()),
                        btf.string(li.text()), Math.max(0, pos.line()), Math.max(0, pos.col()));
            }
        }
        return ext.bytes();
    }

    /**
     * The line records of a piece, at image slots: the program's own (an object read back) or one where
     * the source line changes, and one at the function's first instruction in any case (the kernel
     * wants every function to start with one).
     */
    private List<LineInfo> lines(Piece piece) {
        BpfProgram p = piece.program();
        FunctionInfo f = piece.function();
        List<LineInfo> out = new ArrayList<>();
        if (!p.lineInfo().isEmpty()) {
            for (LineInfo li : p.lineInfo()) {
                if (li.slot() >= f.start() && li.slot() < f.end()) {
                    out.add(li);
                }
            }
            if (!out.isEmpty() && out.get(0).slot() == f.start()) {
                return out;
            }
            out.clear();
        }
        SourcePos last = null;
        for (int i = f.start(); i < f.end(); i++) {
            SourcePos pos = p.positions().get(i);
            if (last == null || !pos.file().equals(last.file()) || pos.line() != last.line()) {
                out.add(new LineInfo(i, pos, sourceLine(pos)));
                last = pos;
            }
            if (p.insns().get(i).isLdImm64()) {
                i++;
            }
        }
        return out;
    }

    private String sourceLine(SourcePos pos) {
        if (sourceLines == null || pos.line() < 1 || pos.line() > sourceLines.length) {
            return "";
        }
        return sourceLines[pos.line() - 1].strip();
    }

    // ------------------------------------------------------------------------------------------ ELF

    private byte[] elf(byte[] btf, byte[] ext, ProgramBtf types) {
        ElfWriter w = new ElfWriter();
        Map<String, Integer> sectionIndex = new LinkedHashMap<>();
        for (Map.Entry<String, List<RawInsn>> e : code.entrySet()) {
            sectionIndex.put(e.getKey(), w.section(e.getKey(), ElfObject.SHT_PROGBITS,
                    ElfObject.SHF_ALLOC | ElfObject.SHF_EXECINSTR, RawInsn.toBytes(e.getValue()), 8));
        }
        int license = w.section("license", ElfObject.SHT_PROGBITS, ElfObject.SHF_ALLOC | ElfObject.SHF_WRITE,
                "GPL\0".getBytes(StandardCharsets.US_ASCII), 1);
        for (MapDef m : file.maps()) {
            if (!m.isDataSection()) {
                continue;
            }
            boolean readOnly = m.section().startsWith(".rodata");
            long flags = ElfObject.SHF_ALLOC | (readOnly ? 0 : ElfObject.SHF_WRITE);
            sectionIndex.put(m.section(), m.section().equals(".bss") ? w.nobits(m.section(), flags, m.valueSize(), 8)
                    : w.section(m.section(), ElfObject.SHT_PROGBITS, flags, m.initialValue(), 8));
        }
        int maps = -1;
        if (!types.mapSlots().isEmpty()) {
            ProgramBtf.MapSlot lastSlot = types.mapSlots().get(types.mapSlots().size() - 1);
            maps = w.section(".maps", ElfObject.SHT_PROGBITS, ElfObject.SHF_ALLOC | ElfObject.SHF_WRITE,
                    new byte[lastSlot.offset() + lastSlot.size()], 8);
        }
        w.section(".BTF", ElfObject.SHT_PROGBITS, 0, btf, 4);
        w.section(".BTF.ext", ElfObject.SHT_PROGBITS, 0, ext, 4);

        Map<String, Integer> sectionSymbols = new LinkedHashMap<>();
        Map<String, Integer> symbols = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sectionIndex.entrySet()) {
            sectionSymbols.put(e.getKey(), w.symbol(e.getKey(), ElfObject.STT_SECTION, ElfObject.STB_LOCAL, e.getValue(), 0, 0));
        }
        for (Piece p : text.values()) {
            if (p.function().kind() == FunctionInfo.Kind.STATIC) {
                functionSymbol(w, p, ElfObject.STB_LOCAL, sectionIndex);
            }
        }
        for (List<Piece> pieces : programSections.values()) {
            for (Piece p : pieces) {
                functionSymbol(w, p, ElfObject.STB_GLOBAL, sectionIndex);
            }
        }
        for (Piece p : text.values()) {
            if (p.function().kind() == FunctionInfo.Kind.GLOBAL) {
                functionSymbol(w, p, ElfObject.STB_GLOBAL, sectionIndex);
            }
        }
        w.symbol("_license", ElfObject.STT_OBJECT, ElfObject.STB_GLOBAL, license, 0, 4);
        for (ProgramBtf.MapSlot s : types.mapSlots()) {
            symbols.put(s.map().name(), w.symbol(s.map().name(), ElfObject.STT_OBJECT, ElfObject.STB_GLOBAL, maps,
                    s.offset(), s.size()));
        }
        for (GlobalVar v : file.globals()) {
            w.symbol(v.name(), ElfObject.STT_OBJECT, ElfObject.STB_GLOBAL, sectionIndex.get(v.section()), v.offset(),
                    v.type().size());
        }
        for (String k : kfuncs) {
            symbols.put(k, w.symbol(k, ElfObject.STT_NOTYPE, ElfObject.STB_GLOBAL, ElfObject.SHN_UNDEF, 0, 0));
        }
        for (PendingReloc r : relocs) {
            int symbol = (r.ofSection() ? sectionSymbols : symbols).get(r.symbol());
            w.relocation(sectionIndex.get(r.section()), 8L * r.slot(), symbol, r.type());
        }
        return w.bytes();
    }

    private static void functionSymbol(ElfWriter w, Piece p, int bind, Map<String, Integer> sectionIndex) {
        int slots = p.function().end() - p.function().start();
        w.symbol(p.function().name(), ElfObject.STT_FUNC, bind, sectionIndex.get(p.section()), 8L * p.start(), 8L * slots);
    }
}
