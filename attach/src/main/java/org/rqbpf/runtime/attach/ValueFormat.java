package org.rqbpf.runtime.attach;

import java.util.HexFormat;
import org.rqbpf.program.CType;

/**
 * Formats map keys and values by their declared C type, as {@code bpftool map dump} does with BTF:
 * integers in decimal, {@code u8}/{@code char} arrays as hex bytes, structs as {@code {name: value, ...}},
 * lock fields as {@code <lock>}; untyped data as hex bytes. Little-endian, as the simulated machine is.
 */
final class ValueFormat {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private ValueFormat() {}

    static String format(CType type, byte[] b, int off, int len) {
        if (type == null || type.size() > len) {
            return "[" + HEX.formatHex(b, off, off + len) + "]";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, type, b, off);
        return sb.toString();
    }

    private static void append(StringBuilder sb, CType t, byte[] b, int off) {
        if (t instanceof CType.Scalar s) {
            long v = load(b, off, s.size());
            sb.append(s.signed() ? Long.toString(signExtend(v, s.size())) : Long.toUnsignedString(v));
        } else if (t instanceof CType.Lock) {
            sb.append("<lock>");
        } else if (t instanceof CType.Array a) {
            if (a.element() instanceof CType.Scalar s && s.size() == 1) {
                sb.append('[').append(HEX.formatHex(b, off, off + a.length())).append(']');
                return;
            }
            sb.append('[');
            for (int i = 0; i < a.length(); i++) {
                sb.append(i == 0 ? "" : ", ");
                append(sb, a.element(), b, off + i * a.element().size());
            }
            sb.append(']');
        } else if (t instanceof CType.Struct st) {
            sb.append('{');
            boolean first = true;
            for (CType.Field f : st.fields()) {
                if (f.type() instanceof CType.Lock) {
                    continue;
                }
                sb.append(first ? "" : ", ").append(f.name()).append(": ");
                append(sb, f.type(), b, off + f.offset());
                first = false;
            }
            sb.append('}');
        }
    }

    private static long load(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static long signExtend(long v, int size) {
        int shift = 64 - 8 * size;
        return (v << shift) >> shift;
    }
}
