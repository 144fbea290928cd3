package org.rqbpf.grammar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** C string literals: the text between the quotes with {@code \n \t \\ \" \0 \xNN} escapes resolved. */
final class Strings {
    private Strings() {}

    /** The characters of a literal token (quotes included in {@code token}). */
    static String value(String token) {
        return new String(bytes(token), StandardCharsets.UTF_8);
    }

    /** The bytes of a literal token, without a terminating zero. */
    static byte[] bytes(String token) {
        String s = token.substring(1, token.length() - 1);
        if (s.indexOf('\\') < 0) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case '0' -> out.write(0);
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && i + 1 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0) {
                        v = v * 16 + Character.digit(s.charAt(++i), 16);
                        n++;
                    }
                    out.write(n == 0 ? 'x' : v);
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }
}
