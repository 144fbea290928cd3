package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.Encoder;
import org.rqbpf.isa.Insn;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.MapChecks;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;

/**
 * Assembles one file: bodies are assembled statement by statement while the file is parsed
 * ({@link BodyStreamer}); then come declarations (types, maps, data sections), the body instructions
 * that name them, label fixups, and, when the file has no source errors, the linked images of its
 * programs and the load-time checks of its maps.
 */
final class FileAssembler {
    private final String fileName;
    private final String text;
    private final Diagnostics diags;
    private final TypeTable types;
    private final Symbols symbols;

    FileAssembler(String fileName, String text) {
        this.fileName = fileName;
        this.text = text;
        this.diags = new Diagnostics(fileName);
        this.types = new TypeTable(diags);
        this.symbols = new Symbols(diags);
    }

    Assembly run() {
        InsnAssembler insns = new InsnAssembler(diags, symbols);
        BodyStreamer streamer = new BodyStreamer(diags, insns);
        BpfParser.FileContext file = SourceParser.parse(text, diags, streamer);
        if (file == null) {
            return failed();
        }
        List<BpfParser.ItemContext> items = file.item();
        if (items.isEmpty()) {
            if (!diags.hasErrors()) {
                diags.error(file.getStart(), "empty file: no programs");
            }
            return failed();
        }
        declareNames(items);
        types.layoutAll();
        List<MapDef> maps = new ArrayList<>();
        List<GlobalVar> globals = new ArrayList<>();
        buildMaps(items, maps, globals);

        // Errors as they would stand had the bodies been assembled only now, after the declarations.
        int errorsBeforeBody = diags.mark() - streamer.streamedErrors();
        List<Body> bodies = new ArrayList<>();
        Map<String, Body> subprograms = new HashMap<>();
        Map<Body, BpfParser.ProgramContext> programs = new LinkedHashMap<>();
        for (BpfParser.ItemContext item : items) {
            if (item.program() != null) {
                BpfParser.ProgramContext p = item.program();
                Body b = streamer.body(p.body());
                errorsBeforeBody = finish(b, insns, errorsBeforeBody);
                bodies.add(b);
                programs.put(b, p);
            } else if (item.subprogram() != null) {
                Body b = streamer.body(item.subprogram().body());
                errorsBeforeBody = finish(b, insns, errorsBeforeBody);
                bodies.add(b);
                subprograms.putIfAbsent(b.name, b);
            }
        }
        if (programs.isEmpty() && !diags.hasErrors()) {
            diags.error(items.get(0).getStart(), "no program in file (a program starts with SEC(\"...\"))");
        }
        new LabelResolver(diags, bodies).resolve();
        List<Header> headers = new ArrayList<>();
        AnnotationReader annotations = new AnnotationReader(diags);
        for (Map.Entry<Body, BpfParser.ProgramContext> e : programs.entrySet()) {
            headers.add(header(e.getKey(), e.getValue(), annotations));
        }
        if (diags.hasErrors()) {
            return failed();
        }
        return new Assembly(link(maps, globals, headers, subprograms, bodies), List.of(), text);
    }

    private Assembly failed() {
        return new Assembly(null, diags.sorted(), text);
    }

    private void declareNames(List<BpfParser.ItemContext> items) {
        for (BpfParser.ItemContext item : items) {
            if (item.structDef() != null) {
                types.define(item.structDef());
            } else if (item.mapDef() != null) {
                symbols.claim(item.mapDef().name().getStart());
            } else if (item.globalVar() != null) {
                BpfParser.GlobalVarContext g = item.globalVar();
                symbols.claim(g.tag != null ? g.var.getStart() : g.words.get(g.words.size() - 1).getStart());
            } else if (item.program() != null) {
                Token name = item.program().name().getStart();
                if (symbols.claim(name)) {
                    symbols.programs.put(name.getText(), name);
                }
            } else {
                BpfParser.SubprogramContext s = item.subprogram();
                Token name = s.name().getStart();
                if (symbols.claim(name)) {
                    symbols.subprograms.put(name.getText(), s.STATIC() != null ? FunctionInfo.Kind.STATIC : FunctionInfo.Kind.GLOBAL);
                }
            }
        }
    }

    private void buildMaps(List<BpfParser.ItemContext> items, List<MapDef> maps, List<GlobalVar> globals) {
        MapDeclarations declarations = new MapDeclarations(diags, types);
        DataSections sections = new DataSections(diags, types, fileName);
        for (BpfParser.ItemContext item : items) {
            if (item.mapDef() != null) {
                MapDef m = declarations.build(item.mapDef(), maps.size());
                if (m != null) {
                    maps.add(m);
                    symbols.maps.putIfAbsent(m.name(), m);
                }
            } else if (item.globalVar() != null) {
                sections.add(item.globalVar());
            }
        }
        maps.addAll(sections.build(maps.size(), globals));
        for (GlobalVar g : globals) {
            symbols.globals.putIfAbsent(g.name(), g);
        }
    }

    /**
     * Resolves a body's deferred instructions and lays it out; reports a body without instructions
     * unless the file has errors (counting only those reported before the body's end, as if bodies were
     * assembled in file order after the declarations). Returns that error count at the body's end.
     */
    private int finish(Body b, InsnAssembler insns, int errorsBefore) {
        int mark = diags.mark();
        insns.resolve(b);
        b.seal();
        int errors = errorsBefore + b.streamedErrors + diags.mark() - mark;
        if (!b.hasInstructions && errors == 0) {
            diags.error(b.nameToken, "'" + b.name + "' has no instructions");
            errors++;
        }
        return errors;
    }

    private record Header(Body body, String section, boolean autoload, ProgramType type, Annotations annotations, Token sec) {}

    private Header header(Body body, BpfParser.ProgramContext p, AnnotationReader annotations) {
        Token secTok = p.STRING().getSymbol();
        String sec = Strings.value(secTok.getText());
        boolean autoload = !sec.startsWith("?");
        String section = autoload ? sec : sec.substring(1);
        ProgramType type = ProgramType.forSection(section);
        if (type == null) {
            diags.error(secTok, "unknown program section \"" + section + "\" (no hook of that name)");
        }
        return new Header(body, section, autoload, type, annotations.read(p.annotation()), p.getStart());
    }

    private Program link(List<MapDef> maps, List<GlobalVar> globals, List<Header> headers, Map<String, Body> subprograms,
            List<Body> bodies) {
        Map<Body, List<RawInsn>> encoded = new HashMap<>();
        for (Body b : bodies) {
            List<RawInsn> slots = new ArrayList<>(b.slots());
            for (Insn insn : b.insns) {
                Encoder.encode(insn, slots);
            }
            encoded.put(b, slots);
        }
        ImageLinker linker = new ImageLinker(fileName, subprograms, encoded);
        List<BpfProgram> programs = new ArrayList<>(headers.size());
        for (Header h : headers) {
            ImageLinker.Image image = linker.link(h.body());
            programs.add(new BpfProgram(h.body().name, h.section(), h.autoload(), h.type(), h.annotations(), image.insns(),
                    image.positions(), image.functions(), image.labels(), diags.pos(h.sec())));
        }
        List<Diagnostic> loadErrors = MapChecks.loadErrors(maps);
        return new Program(fileName, List.copyOf(maps), List.copyOf(globals), List.copyOf(programs), List.copyOf(loadErrors));
    }
}
