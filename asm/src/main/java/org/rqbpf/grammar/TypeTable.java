package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.CType;
import org.rqbpf.program.LockKind;

/**
 * The C types of a file: scalar spellings, the two lock structs and the file's struct definitions laid
 * out with C rules (natural alignment, size rounded up to the largest member alignment). Structs may be
 * used before they are defined; a struct that contains itself is an error.
 */
final class TypeTable {
    private static final Map<String, CType.Scalar> SCALARS = new HashMap<>();

    static {
        scalar(1, false, "u8", "__u8", "unsigned char", "bool", "_Bool");
        scalar(1, true, "s8", "__s8", "char", "signed char");
        scalar(2, false, "u16", "__u16", "unsigned short", "unsigned short int", "short unsigned");
        scalar(2, true, "s16", "__s16", "short", "short int", "signed short", "signed short int");
        scalar(4, false, "u32", "__u32", "unsigned", "unsigned int");
        scalar(4, true, "s32", "__s32", "int", "signed", "signed int");
        scalar(8, false, "u64", "__u64", "unsigned long", "unsigned long int", "unsigned long long",
                "unsigned long long int", "long unsigned", "long long unsigned");
        scalar(8, true, "s64", "__s64", "long", "long int", "long long", "long long int", "signed long",
                "signed long long", "signed long int", "signed long long int");
    }

    private static void scalar(int size, boolean signed, String... spellings) {
        for (String s : spellings) {
            SCALARS.put(s, new CType.Scalar(s, size, signed));
        }
    }

    private final Diagnostics diags;
    private final Map<String, BpfParser.StructDefContext> defs = new LinkedHashMap<>();
    private final Map<String, CType.Struct> laidOut = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Set<String> failed = new HashSet<>();

    TypeTable(Diagnostics diags) {
        this.diags = diags;
    }

    /** Registers a struct definition (first pass, so that later definitions can be used earlier). */
    void define(BpfParser.StructDefContext def) {
        String tag = def.name().getText();
        if (lockKind(tag) != null) {
            diags.error(def.name().getStart(), "redefinition of reserved type 'struct " + tag + "'");
        } else if (defs.containsKey(tag)) {
            diags.error(def.name().getStart(), "redefinition of 'struct " + tag + "' (first defined at line "
                    + defs.get(tag).getStart().getLine() + ")");
        } else {
            defs.put(tag, def);
        }
    }

    /** Lays out every defined struct, reporting member errors once each. */
    void layoutAll() {
        for (String tag : defs.keySet()) {
            struct(tag, null);
        }
    }

    /** The scalar type of a C spelling such as {@code unsigned long}, or null. */
    static CType.Scalar scalar(String spelling) {
        return SCALARS.get(spelling);
    }

    /** {@code struct TAG}: a lock type or a file's struct; null (with an error at {@code at}) when undefined. */
    CType struct(String tag, Token at) {
        LockKind lock = lockKind(tag);
        if (lock != null) {
            return new CType.Lock(lock);
        }
        CType.Struct done = laidOut.get(tag);
        if (done != null) {
            return done;
        }
        BpfParser.StructDefContext def = defs.get(tag);
        if (def == null) {
            if (at != null) {
                diags.error(at, "unknown type 'struct " + tag + "'");
            }
            return null;
        }
        if (failed.contains(tag)) {
            return null;
        }
        if (!inProgress.add(tag)) {
            if (at != null) {
                diags.error(at, "'struct " + tag + "' contains itself");
            }
            failed.add(tag);
            return null;
        }
        CType.Struct s = layout(tag, def);
        inProgress.remove(tag);
        if (s == null) {
            failed.add(tag);
        } else {
            laidOut.put(tag, s);
        }
        return s;
    }

    /** The type named by a list of words ({@code unsigned int}); null with an error when unknown. */
    CType words(List<BpfParser.NameContext> words) {
        String name = typeName(words);
        CType t = SCALARS.get(name);
        if (t == null) {
            diags.error(words.get(0).getStart(), "unknown type '" + name + "'");
        }
        return t;
    }

    private static String typeName(List<BpfParser.NameContext> words) {
        StringBuilder sb = new StringBuilder();
        for (BpfParser.NameContext w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.getText());
        }
        return sb.toString();
    }

    /** The index of the last word on the line of the first, or -1 when all are on one line. */
    private static int endOfFirstLine(List<BpfParser.NameContext> words) {
        int line = words.get(0).getStart().getLine();
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).getStart().getLine() != line) {
                return i - 1;
            }
        }
        return -1;
    }

    /** Wraps {@code element} in the array dimensions of {@code dims} (innermost last); null on a bad size. */
    CType withDims(CType element, BpfParser.DimsContext dims, boolean allowOpen, String what) {
        CType t = element;
        List<BpfParser.DimContext> list = dims.dim();
        for (int i = list.size() - 1; i >= 0; i--) {
            BpfParser.DimContext d = list.get(i);
            if (d.NUMBER() == null) {
                if (!(allowOpen && i == 0)) {
                    diags.error(d.getStart(), "array '" + what + "' needs a size");
                    return null;
                }
                t = new CType.Array(t, 0);
                continue;
            }
            Numbers.Num n = Numbers.parse(d.NUMBER().getText());
            if (n == null || !n.within(1, 1 << 24)) {
                diags.error(d.NUMBER().getSymbol(), "invalid array size " + d.NUMBER().getText() + " of '" + what + "'");
                return null;
            }
            t = new CType.Array(t, (int) n.bits());
        }
        return t;
    }

    private CType.Struct layout(String tag, BpfParser.StructDefContext def) {
        List<CType.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int offset = 0;
        int align = 1;
        boolean ok = true;
        for (BpfParser.MemberContext m : def.member()) {
            BpfParser.NameContext fieldName;
            CType type;
            BpfParser.DimsContext dims;
            if (m instanceof BpfParser.StructMemberContext sm) {
                fieldName = sm.field;
                type = struct(sm.tag.getText(), sm.tag.getStart());
                dims = sm.dims();
            } else {
                BpfParser.ScalarMemberContext sc = (BpfParser.ScalarMemberContext) m;
                List<BpfParser.NameContext> words = sc.words;
                fieldName = words.get(words.size() - 1);
                if (words.size() == 1) {
                    diags.error(fieldName.getStart(), "member '" + fieldName.getText() + "' of 'struct " + tag + "' has no type");
                    ok = false;
                    continue;
                }
                int lineEnd = endOfFirstLine(words);
                if (lineEnd > 0 && !SCALARS.containsKey(typeName(words.subList(0, words.size() - 1)))) {
                    // `u32 a` then `u32 b;`: one member that lacks its `;` read as a member of type `u32 a u32`.
                    Token last = words.get(lineEnd).getStop();
                    diags.error(diags.after(last), "expected ';' after '" + last.getText() + "'");
                    ok = false;
                    continue;
                }
                type = words(words.subList(0, words.size() - 1));
                dims = sc.dims();
            }
            String fname = fieldName.getText();
            if (type != null) {
                type = withDims(type, dims, false, fname);
            }
            if (type == null) {
                ok = false;
                continue;
            }
            if (!names.add(fname)) {
                diags.error(fieldName.getStart(), "duplicate member '" + fname + "' in 'struct " + tag + "'");
                ok = false;
                continue;
            }
            offset = alignUp(offset, type.align());
            fields.add(new CType.Field(fname, type, offset));
            offset += type.size();
            align = Math.max(align, type.align());
        }
        if (!ok) {
            return null;
        }
        if (fields.isEmpty()) {
            diags.error(def.name().getStart(), "'struct " + tag + "' has no members");
            return null;
        }
        return new CType.Struct(tag, List.copyOf(fields), alignUp(offset, align), align);
    }

    static int alignUp(int offset, int align) {
        return (offset + align - 1) / align * align;
    }

    static LockKind lockKind(String tag) {
        for (LockKind k : LockKind.values()) {
            if (k.typeName().equals(tag)) {
                return k;
            }
        }
        return null;
    }
}
