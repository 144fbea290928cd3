package org.rqbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rqbpf torture} end to end through {@link Main#execute}: short runs (300 ms, default lock
 * configuration) in every mode pass and print the final report; usage errors exit 2 without running.
 */
@Timeout(30)
class TortureCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"none", "aa", "abba", "abbcca"})
    void aShortRunInEachModePassesAndPrintsTheReport(String mode) {
        CliRun r = CliRun.of("torture", "--duration", "300ms", "--mode", mode, "--seed", "7");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("torture: rqspinlock, 4 CPUs, mode " + mode + ", "), r.out());
        assertTrue(r.out().contains("\nmutual-exclusion violations: 0\n"), r.out());
        assertTrue(r.out().contains("\noutcomes:\n"), r.out());
        assertTrue(r.out().contains("\nstate after run: clean\n"), r.out());
        assertTrue(r.out().strip().endsWith("\nPASS"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void qspinlockRunsWithoutInjection() {
        CliRun r = CliRun.of("torture", "--lock", "qspinlock", "--cpus", "2", "--duration", "300ms");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("torture: qspinlock, 2 CPUs, mode none, "), r.out());
        assertFalse(r.out().contains("outcomes:"), "qspinlock keeps no outcome statistics: " + r.out());
        assertTrue(r.out().strip().endsWith("\nPASS"), r.out());
    }

    @Test
    void jsonIsOneObjectAndNoProgressLines() {
        CliRun r = CliRun.of("torture", "--duration", "300ms", "--mode", "aa", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        String json = r.out().strip();
        assertFalse(json.contains("\n"), "one line: " + r.out());
        assertTrue(JsonShape.isObject(json), json);
        assertTrue(json.startsWith("{\"lock\":\"rqspinlock\",\"cpus\":4,\"mode\":\"aa\","), json);
        assertTrue(json.contains("\"violations\":0") && json.contains("\"clean\":true") && json.endsWith("\"passed\":true}"),
                json);
    }

    @Test
    void qspinlockWithAnInjectionModeIsAUsageError() {
        CliRun r = CliRun.of("torture", "--lock", "qspinlock", "--mode", "aa", "--duration", "300ms");
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("rqbpf: ") && r.err().contains("would hang"), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0ms", "ten", "5h", "-1s"})
    void aBadDurationIsAUsageError(String duration) {
        CliRun r = CliRun.of("torture", "--duration", duration);
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("rqbpf: "), r.err());
        assertTrue(r.err().contains("duration"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badModeLockAndCpusAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.of("torture", "--mode", "abc", "--duration", "300ms").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("torture", "--lock", "mutex", "--duration", "300ms").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("torture", "--cpus", "0", "--duration", "300ms").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("torture", "--cpus", "65", "--duration", "300ms").code());
    }

    @Test
    void theJsonShapeCheckRejectsBrokenText() {
        assertTrue(JsonShape.isObject("{\"a\":[1,-2.5e3,true,null,{\"b\":\"x\\\"y\"}],\"c\":{}}"));
        assertFalse(JsonShape.isObject("{\"a\":1,}"));
        assertFalse(JsonShape.isObject("{\"a\":1"));
        assertFalse(JsonShape.isObject("{a:1}"));
        assertFalse(JsonShape.isObject("{\"a\":1} x"));
        assertFalse(JsonShape.isObject("[1]"));
    }

    /** A strict JSON syntax check (RFC 8259 values; no data model): enough to tell a report is well formed. */
    private static final class JsonShape {
        private final String s;
        private int i;

        private JsonShape(String s) {
            this.s = s;
        }

        static boolean isObject(String text) {
            JsonShape p = new JsonShape(text);
            return text.startsWith("{") && p.value() && p.i == text.length();
        }

        private boolean value() {
            if (i >= s.length()) {
                return false;
            }
            char c = s.charAt(i);
            if (c == '{') {
                return members('}', true);
            }
            if (c == '[') {
                return members(']', false);
            }
            if (c == '"') {
                return string();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return true;
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")
                    .matcher(s).region(i, s.length());
            if (m.lookingAt()) {
                i = m.end();
                return true;
            }
            return false;
        }

        /** Object or array body after the opening bracket (no whitespace: the reports have none). */
        private boolean members(char close, boolean keyed) {
            i++;
            if (i < s.length() && s.charAt(i) == close) {
                i++;
                return true;
            }
            for (;;) {
                if (keyed && !(i < s.length() && s.charAt(i) == '"' && string() && i < s.length() && s.charAt(i++) == ':')) {
                    return false;
                }
                if (!value() || i >= s.length()) {
                    return false;
                }
                char c = s.charAt(i++);
                if (c == close) {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        }

        private boolean string() {
            for (i++; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    i++;
                    return true;
                }
                if (c < 0x20) {
                    return false;
                }
                if (c == '\\') {
                    i++;
                    if (i >= s.length() || "\"\\/bfnrtu".indexOf(s.charAt(i)) < 0) {
                        return false;
                    }
                }
            }
            return false;
        }
    }
}
