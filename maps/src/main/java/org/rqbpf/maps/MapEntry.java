package org.rqbpf.maps;

import java.util.Arrays;
import java.util.HexFormat;

/** One key/value pair of a map dump (host format: per-CPU values hold every CPU's slot). */
public record MapEntry(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof MapEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        return "key: " + hex.formatHex(key) + "  value: " + hex.formatHex(value);
    }
}
