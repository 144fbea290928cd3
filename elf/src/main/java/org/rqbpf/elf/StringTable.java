package org.rqbpf.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A string table as ELF ({@code .strtab}) and BTF (the string section) both lay it out: NUL-terminated
 * UTF-8 strings, the empty string at offset 0, each string stored once.
 */
final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();

    StringTable() {
        add("");
    }

    /** The offset of {@code s}, adding it on first use. */
    int add(String s) {
        Integer known = offsets.get(s);
        if (known != null) {
            return known;
        }
        int at = bytes.size();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        bytes.write(0);
        offsets.put(s, at);
        return at;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
