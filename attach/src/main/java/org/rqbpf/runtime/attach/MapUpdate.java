package org.rqbpf.runtime.attach;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One map element written from user space before the workload starts, as {@code bpftool map update}
 * writes it (a {@code BPF_MAP_UPDATE_ELEM} from a task on CPU 0), in bpftool's words:
 *
 * <pre>
 * MAP key BYTES value BYTES [any | noexist | exist]
 * BYTES:  numbers, one per byte (decimal or 0x..), or hex followed by hexadecimal bytes
 * </pre>
 *
 * For a per-CPU map a value of one CPU's size is written to every CPU, as bpftool does.
 *
 * @param map the map's name
 * @param key the key bytes
 * @param value the value bytes
 * @param flags {@code BPF_ANY} (0), {@code BPF_NOEXIST} (1) or {@code BPF_EXIST} (2)
 * @param where where the update was written (for messages), e.g. {@code rules.maps:3}
 */
public record MapUpdate(String map, byte[] key, byte[] value, long flags, String where) {
    /** Parses one update; {@code where} names its origin in the error message. */
    public static MapUpdate parse(String spec, String where) {
        String[] words = spec.trim().split("\\s+");
        if (words.length < 5 || !words[1].equals("key")) {
            throw new IllegalArgumentException(where + ": expected 'MAP key BYTES value BYTES [any|noexist|exist]', not '"
                    + spec.trim() + "'");
        }
        int at = 2;
        List<String> keyWords = new ArrayList<>();
        while (at < words.length && !words[at].equals("value")) {
            keyWords.add(words[at++]);
        }
        if (at == words.length) {
            throw new IllegalArgumentException(where + ": no 'value' after the key");
        }
        at++;
        List<String> valueWords = new ArrayList<>();
        long flags = 0;
        for (; at < words.length; at++) {
            String w = words[at].toLowerCase(Locale.ROOT);
            if (w.equals("any") || w.equals("noexist") || w.equals("exist")) {
                if (at != words.length - 1) {
                    throw new IllegalArgumentException(where + ": '" + words[at] + "' must come last");
                }
                flags = w.equals("any") ? 0 : w.equals("noexist") ? 1 : 2;
            } else {
                valueWords.add(words[at]);
            }
        }
        return new MapUpdate(words[0], bytes(keyWords, "key", where), bytes(valueWords, "value", where), flags, where);
    }

    /** Parses a file of updates: one per line; blank lines and {@code #} comments are skipped. */
    public static List<MapUpdate> parseAll(String text, String fileName) {
        List<MapUpdate> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (!line.isBlank()) {
                out.add(parse(line, fileName + ":" + (i + 1)));
            }
        }
        return out;
    }

    private static byte[] bytes(List<String> words, String what, String where) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException(where + ": the " + what + " has no bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hex = words.get(0).equals("hex");
        for (String w : hex ? words.subList(1, words.size()) : words) {
            int b;
            try {
                b = hex ? Integer.parseInt(w, 16)
                        : w.startsWith("0x") || w.startsWith("0X") ? Integer.parseInt(w.substring(2), 16) : Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + w + "' in the " + what + " is not a byte");
            }
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException(where + ": " + w + " in the " + what + " does not fit in a byte");
            }
            out.write(b);
        }
        if (out.size() == 0) {
            throw new IllegalArgumentException(where + ": the " + what + " has no bytes after 'hex'");
        }
        return out.toByteArray();
    }
}
