package org.rqbpf.program;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.Disassembler;
import org.rqbpf.isa.RawInsn;

/**
 * A {@link Program} written back as {@code .bpf} text that assembles to the same maps (in the same
 * order, so raw {@code map[N]} references stay valid), the same global variables and the same program
 * images: struct types, map declarations, data-section variables with their initial bytes, each
 * program with its SEC and annotations, then each subprogram once. Instructions are in the
 * disassembler's canonical spelling, except that calls name their helper, kfunc or subprogram (so the
 * assembler links subprograms anew). Used by {@code rqbpf disasm FILE.o}.
 *
 * <p>Where the program model has a layout the language cannot declare (a struct whose members overlap,
 * as a union's, or sit where C layout would not put them; a struct variable with a non-zero initial
 * value), the bytes are kept and the type is written as padding or a byte array.
 */
public final class SourceWriter {
    private final Program program;
    private final StringBuilder out = new StringBuilder();
    private final Map<CType.Struct, String> structNames = new LinkedHashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();

    private SourceWriter(Program program) {
        this.program = program;
    }

    public static String write(Program program) {
        return new SourceWriter(program).run();
    }

    private String run() {
        out.append("// ").append(program.fileName()).append(", written back as .bpf by rqbpf disasm\n");
        for (MapDef m : program.maps()) {
            collect(m.keyType());
            if (!m.isDataSection()) {
                collect(m.valueType());
            } else if (m.valueType() instanceof CType.Struct s) {
                for (CType.Field f : s.fields()) {
                    collect(f.type());
                }
            }
        }
        for (CType.Struct s : structNames.keySet()) {
            struct(s);
        }
        for (MapDef m : program.maps()) {
            if (m.isDataSection()) {
                dataSection(m);
            } else {
                map(m);
            }
        }
        Set<String> subprograms = new LinkedHashSet<>();
        for (BpfProgram p : program.programs()) {
            programText(p);
        }
        for (BpfProgram p : program.programs()) {
            for (int i = 1; i < p.functions().size(); i++) {
                FunctionInfo f = p.functions().get(i);
                if (subprograms.add(f.name())) {
                    out.append('\n').append(f.kind() == FunctionInfo.Kind.GLOBAL ? "global " : "static ").append(f.name()).append(":\n");
                    body(p, f);
                }
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------ types

    private void collect(CType t) {
        if (t instanceof CType.Array a) {
            collect(a.element());
        } else if (t instanceof CType.Struct s && !structNames.containsKey(s) && expressible(s)) {
            for (CType.Field f : s.fields()) {
                collect(f.type());
            }
            String base = s.name().equals("(anon)") ? "anon" : s.name();
            String name = base;
            for (int i = 1; !usedNames.add(name); i++) {
                name = base + "_" + i;
            }
            structNames.put(s, name);
        }
    }

    /**
     * Whether the fields can be declared in order, padding filling what C layout leaves out, and so can
     * every struct inside.
     */
    private static boolean expressible(CType.Struct s) {
        int at = 0;
        for (CType.Field f : s.fields()) {
            CType t = f.type();
            while (t instanceof CType.Array a) {
                t = a.element();
            }
            if (align(at, f.type().align()) > f.offset() || (t instanceof CType.Struct inner && !expressible(inner))) {
                return false;
            }
            at = f.offset() + f.type().size();
        }
        return at <= s.size();
    }

    private void struct(CType.Struct s) {
        out.append("\nstruct ").append(structNames.get(s)).append(" {\n");
        int at = 0, pads = 0;
        Set<String> names = new LinkedHashSet<>();
        for (CType.Field f : s.fields()) {
            if (align(at, f.type().align()) < f.offset()) {
                out.append("\tu8 __pad").append(pads++).append('[').append(f.offset() - at).append("];\n");
            }
            String name = f.name().equals("(anon)") || !names.add(f.name()) ? "anon" + pads++ : f.name();
            out.append('\t').append(declaration(f.type(), name)).append(";\n");
            at = f.offset() + f.type().size();
        }
        if (align(at, s.align()) < s.size()) {
            out.append("\tu8 __pad").append(pads).append('[').append(s.size() - at).append("];\n");
        }
        out.append("};\n");
    }

    /** {@code T name} or {@code T name[N][M]}. */
    private String declaration(CType t, String name) {
        StringBuilder dims = new StringBuilder();
        while (t instanceof CType.Array a) {
            dims.append('[').append(a.length()).append(']');
            t = a.element();
        }
        return spelling(t) + " " + name + dims;
    }

    /** A type's spelling; structs only ever reach here when {@link #expressible}, so named. */
    private String spelling(CType t) {
        return t instanceof CType.Struct s ? "struct " + structNames.get(s) : t.spelling();
    }

    // ------------------------------------------------------------------------------------------ maps

    private void map(MapDef m) {
        out.append("\nstruct {\n\t__uint(type, ").append(m.type().spelling()).append(");\n");
        out.append("\t__uint(max_entries, ").append(m.maxEntries()).append(");\n");
        typeOrSize("key", m.keyType(), m.keySize());
        typeOrSize("value", m.valueType(), m.valueSize());
        if (m.flags() != 0) {
            out.append("\t__uint(map_flags, ").append(m.flags()).append(");\n");
        }
        out.append("} ").append(m.name()).append(" SEC(\".maps\");\n");
    }

    private void typeOrSize(String what, CType t, int size) {
        if (t != null && (!(t instanceof CType.Struct s) || structNames.containsKey(s))) {
            out.append("\t__type(").append(what).append(", ").append(spelling(t)).append(");\n");
        } else {
            out.append("\t__uint(").append(what).append("_size, ").append(size).append(");\n");
        }
    }

    private void dataSection(MapDef m) {
        byte[] value = m.initialValue() == null ? new byte[m.valueSize()] : m.initialValue();
        String section = m.section();
        List<CType.Field> fields = m.valueType() instanceof CType.Struct s ? s.fields() : List.of();
        out.append('\n');
        if (!declarable(fields, value)) {
            // clang laid the section out in a way declaration order cannot: keep its bytes whole.
            bytesVariable("__" + section.replace('.', '_').substring(1), section, value, 0, value.length);
            return;
        }
        int at = 0, pads = 0;
        for (CType.Field f : fields) {
            boolean typed = expressibleVar(f, value);
            if (align(at, typed ? f.type().align() : 1) < f.offset()) {
                bytesVariable("__pad" + pads++ + section.replace('.', '_'), section, value, at, f.offset() - at);
            }
            if (typed) {
                out.append(declaration(f.type(), f.name()));
                String init = initializer(f.type(), value, f.offset());
                if (init != null && !section.equals(".bss")) {
                    out.append(" = ").append(init);
                }
                out.append(" SEC(\"").append(section).append("\");\n");
            } else {
                bytesVariable(f.name(), section, value, f.offset(), f.type().size());
            }
            at = f.offset() + f.type().size();
        }
        if (at < value.length) {
            bytesVariable("__tail" + section.replace('.', '_'), section, value, at, value.length - at);
        }
    }

    /** Whether the section's variables, declared in offset order (padding between), land where they are. */
    private boolean declarable(List<CType.Field> fields, byte[] value) {
        int at = 0;
        for (CType.Field f : fields) {
            if (align(at, expressibleVar(f, value) ? f.type().align() : 1) > f.offset()) {
                return false;
            }
            at = f.offset() + f.type().size();
        }
        return true;
    }

    /** A variable whose type the language declares and whose initial value an initializer can state. */
    private boolean expressibleVar(CType.Field f, byte[] value) {
        CType t = f.type();
        while (t instanceof CType.Array a) {
            t = a.element();
        }
        if (t instanceof CType.Scalar) {
            return f.type() instanceof CType.Scalar || ((CType.Array) f.type()).element() instanceof CType.Scalar
                    || zero(value, f.offset(), f.type().size());
        }
        boolean declared = t instanceof CType.Lock || (t instanceof CType.Struct s && structNames.containsKey(s));
        return declared && zero(value, f.offset(), f.type().size());
    }

    private static boolean zero(byte[] value, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (value[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void bytesVariable(String name, String section, byte[] value, int from, int length) {
        out.append("u8 ").append(name).append('[').append(length).append(']');
        if (!zero(value, from, length) && !section.equals(".bss")) {
            out.append(" = {");
            for (int i = from; i < from + length; i++) {
                out.append(i == from ? " " : ", ").append(value[i] & 0xff);
            }
            out.append(" }");
        }
        out.append(" SEC(\"").append(section).append("\");\n");
    }

    /** {@code N} or {@code { N, ... }} for a non-zero scalar or scalar array; null when all zero. */
    private static String initializer(CType t, byte[] value, int offset) {
        if (zero(value, offset, t.size())) {
            return null;
        }
        if (t instanceof CType.Scalar s) {
            return Long.toString(scalar(s, value, offset));
        }
        if (t instanceof CType.Array a && a.element() instanceof CType.Scalar s) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < a.length(); i++) {
                sb.append(i == 0 ? " " : ", ").append(scalar(s, value, offset + i * s.size()));
            }
            return sb.append(" }").toString();
        }
        throw new IllegalStateException("no initializer for " + t.spelling());
    }

    private static long scalar(CType.Scalar s, byte[] value, int offset) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        return switch (s.size()) {
            case 1 -> s.signed() ? value[offset] : value[offset] & 0xff;
            case 2 -> s.signed() ? b.getShort(offset) : b.getShort(offset) & 0xffff;
            case 4 -> s.signed() ? b.getInt(offset) : b.getInt(offset) & 0xffff_ffffL;
            default -> b.getLong(offset);
        };
    }

    // ------------------------------------------------------------------------------------------ programs

    private void programText(BpfProgram p) {
        out.append("\nSEC(\"").append(p.autoload() ? "" : "?").append(p.section()).append("\")\n");
        annotations(p.annotations());
        out.append(p.name()).append(":\n");
        body(p, p.functions().get(0));
    }

    private void annotations(Annotations a) {
        if (a.description() != null) {
            out.append("__description(").append(quote(a.description())).append(")\n");
        }
        verdict(a.expected(), "");
        messages(a.messages(), "");
        if (a.retval() != null) {
            out.append("__retval(").append(a.retval()).append(")\n");
        }
        if (a.logLevel() != null) {
            out.append("__log_level(").append(a.logLevel()).append(")\n");
        }
        if (a.unpriv() != null) {
            verdict(a.unpriv().expected(), "_unpriv");
            messages(a.unpriv().messages(), "_unpriv");
            if (a.unpriv().retval() != null) {
                out.append("__retval_unpriv(").append(a.unpriv().retval()).append(")\n");
            }
        }
    }

    private void verdict(Annotations.Verdict v, String suffix) {
        if (v != null) {
            out.append(v == Annotations.Verdict.SUCCESS ? "__success" : "__failure").append(suffix).append('\n');
        }
    }

    private void messages(List<Annotations.Message> messages, String suffix) {
        for (Annotations.Message m : messages) {
            out.append(m.negated() ? "__not_msg" : "__msg").append(suffix).append('(').append(quote(m.text())).append(")\n");
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** The slots of {@code f} in {@code p}'s image, calls by name and jumps by relative offset. */
    private void body(BpfProgram p, FunctionInfo f) {
        List<RawInsn> image = p.insns();
        Map<Integer, String> starts = new HashMap<>();
        for (FunctionInfo g : p.functions()) {
            starts.put(g.start(), g.name());
        }
        for (int i = f.start(); i < f.end(); ) {
            RawInsn in = image.get(i);
            out.append('\t').append(call(in, i, starts, image)).append('\n');
            i += in.isLdImm64() ? 2 : 1;
        }
    }

    private static String call(RawInsn in, int i, Map<Integer, String> starts, List<RawInsn> image) {
        if (in.opcode() == (Bpf.JMP | Bpf.CALL)) {
            if (in.src() == Bpf.PSEUDO_CALL && starts.containsKey(i + 1 + in.imm())) {
                return "call " + starts.get(i + 1 + in.imm());
            }
            if (in.src() == Bpf.PSEUDO_KFUNC_CALL && Kfunc.byId(in.imm()) != null) {
                return "call " + Kfunc.byId(in.imm()).fname();
            }
            if (in.src() == 0 && HelperNames.of(in.imm()) != null) {
                return "call " + HelperNames.of(in.imm());
            }
        }
        return Disassembler.text(image, i);
    }

    private static int align(int at, int align) {
        return (at + align - 1) / align * align;
    }
}
