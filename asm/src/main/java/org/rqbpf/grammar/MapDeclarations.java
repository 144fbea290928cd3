package org.rqbpf.grammar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.CType;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.MapType;

/**
 * Turns libbpf-style map declarations ({@code struct { __uint(type, ...); ... } NAME SEC(".maps");})
 * into {@link MapDef}s. Malformed declarations are source errors; combinations the kernel would refuse
 * at map creation are left to {@link MapChecks}.
 */
final class MapDeclarations {
    private static final Map<String, Integer> FLAG_NAMES = Map.of(
            "BPF_F_NO_PREALLOC", MapFlags.BPF_F_NO_PREALLOC,
            "BPF_F_RDONLY_PROG", MapFlags.BPF_F_RDONLY_PROG,
            "BPF_F_WRONLY_PROG", MapFlags.BPF_F_WRONLY_PROG,
            "BPF_F_RDONLY", MapFlags.BPF_F_RDONLY,
            "BPF_F_WRONLY", MapFlags.BPF_F_WRONLY);

    private final Diagnostics diags;
    private final TypeTable types;

    MapDeclarations(Diagnostics diags, TypeTable types) {
        this.diags = diags;
        this.types = types;
    }

    /** The map of one declaration at {@code index}, or null after reporting its errors. */
    MapDef build(BpfParser.MapDefContext ctx, int index) {
        Token nameTok = ctx.name().getStart();
        String name = nameTok.getText();
        String section = Strings.value(ctx.STRING().getText());
        if (!section.equals(".maps")) {
            diags.error(ctx.STRING().getSymbol(), "map '" + name + "' must be in SEC(\".maps\"), not SEC(\"" + section + "\")");
            return null;
        }
        Attrs a = new Attrs();
        Map<String, Token> seen = new HashMap<>();
        boolean ok = true;
        for (BpfParser.MapAttrContext attr : ctx.mapAttr()) {
            ok &= attribute(attr, a, seen, name);
        }
        if (!ok) {
            return null;
        }
        ok &= require(a.type != null, nameTok, "map '" + name + "' has no type (__uint(type, BPF_MAP_TYPE_...))");
        ok &= require(a.maxEntries != null, nameTok, "map '" + name + "' has no max_entries (__uint(max_entries, N))");
        ok &= require(a.keySize != null, nameTok, "map '" + name + "' has no key (__type(key, T) or __uint(key_size, N))");
        ok &= require(a.valueSize != null, nameTok, "map '" + name + "' has no value (__type(value, T) or __uint(value_size, N))");
        if (!ok) {
            return null;
        }
        return new MapDef(name, index, a.type, a.keySize, a.valueSize, a.maxEntries, a.flags, a.keyType, a.valueType,
                null, null, diags.pos(nameTok));
    }

    private boolean require(boolean cond, Token at, String message) {
        if (!cond) {
            diags.error(at, message);
        }
        return cond;
    }

    private static final class Attrs {
        MapType type;
        Integer maxEntries;
        Integer keySize;
        Integer valueSize;
        int flags;
        CType keyType;
        CType valueType;
    }

    private boolean attribute(BpfParser.MapAttrContext attr, Attrs a, Map<String, Token> seen, String map) {
        String macro = attr.macro.getText();
        Token keyTok = attr.key.getStart();
        String key = keyTok.getText();
        if (!macro.equals("__uint") && !macro.equals("__type")) {
            diags.error(attr.macro.getStart(), "unknown map attribute macro '" + macro + "' (expected __uint or __type)");
            return false;
        }
        if (seen.putIfAbsent(key, keyTok) != null) {
            diags.error(keyTok, "duplicate attribute '" + key + "' in map '" + map + "'");
            return false;
        }
        BpfParser.MapArgContext arg = attr.mapArg();
        if (macro.equals("__type")) {
            if (!key.equals("key") && !key.equals("value")) {
                diags.error(keyTok, "unknown map attribute '__type(" + key + ", ...)' (expected key or value)");
                return false;
            }
            CType t = type(arg);
            if (t == null) {
                return false;
            }
            return setSize(a, key.equals("key"), t.size(), t, keyTok, map);
        }
        switch (key) {
            case "type" -> {
                String word = singleWord(arg);
                MapType t = word == null ? null : MapType.bySpelling(word);
                if (t == null) {
                    diags.error(arg.getStart(), "unknown map type '" + arg.getText() + "'");
                    return false;
                }
                a.type = t;
                return true;
            }
            case "max_entries", "key_size", "value_size" -> {
                Long n = number(arg, key);
                if (n == null) {
                    return false;
                }
                if (key.equals("max_entries")) {
                    a.maxEntries = (int) (long) n;
                    return true;
                }
                return setSize(a, key.equals("key_size"), (int) (long) n, null, keyTok, map);
            }
            case "map_flags" -> {
                Integer f = flags(arg);
                if (f == null) {
                    return false;
                }
                a.flags = f;
                return true;
            }
            default -> {
                diags.error(keyTok, "unknown map attribute '__uint(" + key + ", ...)'");
                return false;
            }
        }
    }

    private boolean setSize(Attrs a, boolean isKey, int size, CType type, Token at, String map) {
        Integer old = isKey ? a.keySize : a.valueSize;
        String what = isKey ? "key" : "value";
        if (old != null && old != size) {
            diags.error(at, "map '" + map + "': conflicting " + what + " size " + size + " != " + old);
            return false;
        }
        if (isKey) {
            a.keySize = size;
            if (type != null) {
                a.keyType = type;
            }
        } else {
            a.valueSize = size;
            if (type != null) {
                a.valueType = type;
            }
        }
        return true;
    }

    private CType type(BpfParser.MapArgContext arg) {
        if (arg instanceof BpfParser.StructArgContext s) {
            return types.struct(s.name().getText(), s.name().getStart());
        }
        BpfParser.WordsArgContext w = (BpfParser.WordsArgContext) arg;
        List<BpfParser.MapAtomContext> atoms = w.mapAtom();
        if (w.PIPE().size() > 0 || atoms.stream().anyMatch(x -> x.name() == null)) {
            diags.error(arg.getStart(), "expected a type, not '" + arg.getText() + "'");
            return null;
        }
        return types.words(atoms.stream().map(BpfParser.MapAtomContext::name).toList());
    }

    private static String singleWord(BpfParser.MapArgContext arg) {
        if (arg instanceof BpfParser.WordsArgContext w && w.mapAtom().size() == 1 && w.PIPE().isEmpty()
                && w.mapAtom(0).name() != null) {
            return w.mapAtom(0).getText();
        }
        return null;
    }

    private Long number(BpfParser.MapArgContext arg, String key) {
        if (arg instanceof BpfParser.WordsArgContext w && w.mapAtom().size() == 1 && w.PIPE().isEmpty()
                && w.mapAtom(0).NUMBER() != null) {
            Numbers.Num n = Numbers.parse(w.mapAtom(0).getText());
            if (n != null && n.within(0, Integer.MAX_VALUE)) {
                return n.bits();
            }
            diags.error(arg.getStart(), key + " " + arg.getText() + " out of range (0 to 2147483647)");
            return null;
        }
        diags.error(arg.getStart(), key + " must be a number, not '" + arg.getText() + "'");
        return null;
    }

    private Integer flags(BpfParser.MapArgContext arg) {
        if (!(arg instanceof BpfParser.WordsArgContext w)) {
            diags.error(arg.getStart(), "map_flags must be flag names or numbers, not '" + arg.getText() + "'");
            return null;
        }
        int flags = 0;
        int atomsSeen = 0;
        for (BpfParser.MapAtomContext atom : w.mapAtom()) {
            atomsSeen++;
            if (atom.NUMBER() != null) {
                Numbers.Num n = Numbers.parse(atom.getText());
                if (n == null || !n.within(0, 0xffffffffL)) {
                    diags.error(atom.getStart(), "map flag " + atom.getText() + " out of range");
                    return null;
                }
                flags |= (int) n.bits();
            } else {
                Integer f = FLAG_NAMES.get(atom.getText());
                if (f == null) {
                    diags.error(atom.getStart(), "unknown map flag '" + atom.getText() + "'");
                    return null;
                }
                flags |= f;
            }
        }
        if (atomsSeen != w.PIPE().size() + 1) {
            diags.error(arg.getStart(), "map flags must be joined with '|': '" + arg.getText() + "'");
            return null;
        }
        return flags;
    }
}
