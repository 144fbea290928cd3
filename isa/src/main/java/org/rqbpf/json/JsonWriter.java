package org.rqbpf.json;

/**
 * A minimal JSON writer (objects, arrays, strings, numbers, booleans, null) with two-space indentation:
 * enough for rqbpf's reports (attach, test --kernel, bench) without a dependency. Callers pair every begin with its end.
 */
public final class JsonWriter {
    private final StringBuilder sb = new StringBuilder();
    private int depth;
    private boolean first = true;
    private boolean afterName;

    public JsonWriter beginObject() {
        value();
        sb.append('{');
        return open();
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        value();
        sb.append('[');
        return open();
    }

    public JsonWriter endArray() {
        return close(']');
    }

    public JsonWriter name(String n) {
        separate();
        string(n);
        sb.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        value();
        if (s == null) {
            sb.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long n) {
        value();
        sb.append(n);
        return this;
    }

    public JsonWriter value(double d) {
        value();
        if (Double.isFinite(d)) {
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else {
            sb.append("null");
        }
        return this;
    }

    public JsonWriter value(boolean b) {
        value();
        sb.append(b);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private JsonWriter open() {
        depth++;
        first = true;
        return this;
    }

    private JsonWriter close(char c) {
        depth--;
        if (!first) {
            newline();
        }
        sb.append(c);
        first = false;
        return this;
    }

    private void value() {
        if (afterName) {
            afterName = false;
            return;
        }
        separate();
    }

    private void separate() {
        if (depth == 0) {
            return;
        }
        if (!first) {
            sb.append(',');
        }
        newline();
        first = false;
    }

    private void newline() {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
