package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.CType;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;
import org.rqbpf.program.SourcePos;

/**
 * Global variables and the one-element ARRAY maps of their data sections ({@code .data}, {@code .data.X},
 * {@code .bss}, {@code .rodata}, {@code .rodata.X}): each section's value holds its variables in
 * declaration order at C alignment, with their initial bytes; maps are named the way libbpf names them.
 */
final class DataSections {
    private static final CType U32 = TypeTable.scalar("u32");

    private final Diagnostics diags;
    private final TypeTable types;
    private final String fileName;
    private final Map<String, List<Var>> sections = new LinkedHashMap<>();

    private record Var(Token name, CType type, byte[] init) {}

    DataSections(Diagnostics diags, TypeTable types, String fileName) {
        this.diags = diags;
        this.types = types;
        this.fileName = fileName;
    }

    /** Adds one global declaration (its name already claimed). */
    void add(BpfParser.GlobalVarContext ctx) {
        Token name = ctx.tag != null ? ctx.var.getStart() : ctx.words.get(ctx.words.size() - 1).getStart();
        Token secTok = ctx.STRING().getSymbol();
        String section = Strings.value(secTok.getText());
        if (section.equals(".maps")) {
            diags.error(name, "'" + name.getText() + "' in SEC(\".maps\") must be a map definition (struct { ... })");
            return;
        }
        if (!MapDef.isDataSectionName(section)) {
            diags.error(secTok, "unknown data section \"" + section + "\" (expected .data, .data.NAME, .bss, .rodata or .rodata.NAME)");
            return;
        }
        CType element;
        if (ctx.tag != null) {
            element = types.struct(ctx.tag.getText(), ctx.tag.getStart());
        } else if (ctx.words.size() < 2) {
            diags.error(name, "variable '" + name.getText() + "' has no type");
            return;
        } else {
            element = types.words(ctx.words.subList(0, ctx.words.size() - 1));
        }
        if (element == null) {
            return;
        }
        CType type = types.withDims(element, ctx.dims(), ctx.init() != null, name.getText());
        if (type == null) {
            return;
        }
        byte[] init = null;
        if (ctx.init() != null) {
            if (section.equals(".bss")) {
                diags.error(ctx.init().getStart(), "variable '" + name.getText() + "' in .bss cannot have an initializer");
                return;
            }
            Initializers.Result r = Initializers.encode(type, ctx.init(), name.getText(), diags);
            if (r == null) {
                return;
            }
            type = r.type();
            init = r.bytes();
        }
        sections.computeIfAbsent(section, s -> new ArrayList<>()).add(new Var(name, type, init));
    }

    /** Builds the section maps (indices from {@code firstIndex}) and fills {@code globals}. */
    List<MapDef> build(int firstIndex, List<GlobalVar> globals) {
        List<MapDef> maps = new ArrayList<>();
        int index = firstIndex;
        for (Map.Entry<String, List<Var>> e : sections.entrySet()) {
            String section = e.getKey();
            List<CType.Field> fields = new ArrayList<>();
            int offset = 0;
            int align = 1;
            for (Var v : e.getValue()) {
                offset = TypeTable.alignUp(offset, v.type().align());
                fields.add(new CType.Field(v.name().getText(), v.type(), offset));
                offset += v.type().size();
                align = Math.max(align, v.type().align());
            }
            byte[] value = new byte[offset];
            for (int i = 0; i < fields.size(); i++) {
                Var v = e.getValue().get(i);
                if (v.init() != null) {
                    System.arraycopy(v.init(), 0, value, fields.get(i).offset(), v.init().length);
                }
                globals.add(new GlobalVar(v.name().getText(), section, index, fields.get(i).offset(), v.type(),
                        diags.pos(v.name())));
            }
            SourcePos pos = diags.pos(e.getValue().get(0).name());
            int flags = section.startsWith(".rodata") ? MapFlags.BPF_F_RDONLY_PROG : 0;
            CType.Struct valueType = new CType.Struct(section, List.copyOf(fields), offset, align);
            maps.add(new MapDef(MapDef.dataSectionMapName(fileName, section), index, MapType.ARRAY, 4, offset, 1, flags, U32, valueType, section,
                    value, pos));
            index++;
        }
        return maps;
    }
}
