package org.rqbpf.grammar;

import java.util.List;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.rqbpf.program.CType;

/**
 * Initial bytes of a global variable: {@code = N} for a scalar, {@code = { N, ... }} for an array of
 * scalars, a string literal for a {@code char} array. An open array ({@code x[]}) takes its length from
 * the initializer (a string adds its terminating zero).
 */
final class Initializers {
    private Initializers() {}

    /** The (possibly completed) type and its little-endian bytes. */
    record Result(CType type, byte[] bytes) {}

    static Result encode(CType type, BpfParser.InitContext init, String var, Diagnostics diags) {
        if (init instanceof BpfParser.ScalarInitContext s) {
            if (!(type instanceof CType.Scalar sc)) {
                diags.error(init.getStart(), "'" + var + "' of type '" + type.spelling() + "' needs a { ... } or string initializer");
                return null;
            }
            byte[] out = new byte[sc.size()];
            return put(sc, s.NUMBER(), out, 0, var, diags) ? new Result(type, out) : null;
        }
        if (!(type instanceof CType.Array arr) || !(arr.element() instanceof CType.Scalar elem)) {
            diags.error(init.getStart(), "initializer of '" + var + "' of type '" + type.spelling() + "' is not supported");
            return null;
        }
        if (init instanceof BpfParser.StringInitContext str) {
            if (elem.size() != 1) {
                diags.error(init.getStart(), "string initializer for '" + var + "', which is not a char array");
                return null;
            }
            byte[] text = Strings.bytes(str.STRING().getText());
            int length = arr.length() == 0 ? text.length + 1 : arr.length();
            if (text.length > length) {
                diags.error(init.getStart(), "string initializer of '" + var + "' is longer than its " + length + " bytes");
                return null;
            }
            byte[] out = new byte[length];
            System.arraycopy(text, 0, out, 0, text.length);
            return new Result(new CType.Array(elem, length), out);
        }
        List<TerminalNode> values = ((BpfParser.ListInitContext) init).NUMBER();
        int length = arr.length() == 0 ? values.size() : arr.length();
        if (values.size() > length) {
            diags.error(init.getStart(), "too many initializers for '" + var + "' (" + values.size() + " for " + length + " elements)");
            return null;
        }
        if (length == 0) {
            diags.error(init.getStart(), "array '" + var + "' needs a size");
            return null;
        }
        byte[] out = new byte[length * elem.size()];
        for (int i = 0; i < values.size(); i++) {
            if (!put(elem, values.get(i), out, i * elem.size(), var, diags)) {
                return null;
            }
        }
        return new Result(new CType.Array(elem, length), out);
    }

    private static boolean put(CType.Scalar type, TerminalNode number, byte[] out, int at, String var, Diagnostics diags) {
        Numbers.Num n = Numbers.parse(number.getText());
        int bits = type.size() * 8;
        boolean fits = n != null && (bits == 64 || n.within(-(1L << (bits - 1)), (1L << bits) - 1));
        if (!fits) {
            diags.error(number.getSymbol(), "initializer " + number.getText() + " of '" + var + "' out of range for " + type.spelling());
            return false;
        }
        for (int i = 0; i < type.size(); i++) {
            out[at + i] = (byte) (n.bits() >>> (8 * i));
        }
        return true;
    }
}
