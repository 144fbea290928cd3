package org.rqbpf.compare;

import java.util.regex.Pattern;

/**
 * Reads a verifier log (Linux's or rqbpf's, which share the format): the error block is the lines after
 * the last instruction or state line and before the closing statistics ({@code processed N insns ...},
 * {@code verification time}, {@code stack depth}).
 */
public final class LinuxLog {
    private static final Pattern TRACE = Pattern.compile(
            "^(\\d+: \\(|\\d+: R\\d|\\d+: frame|from \\d+ to \\d+:|; |func#\\d+ @|Live regs before insn:|\\s+\\d+: |\\d+:\\s*$|Validating |Func#).*");
    private static final Pattern STATS = Pattern.compile(
            "^(processed \\d+ insns|verification time|stack depth|max_states_per_insn|mark_read).*");

    private LinuxLog() {}

    /** The error block of {@code log} (possibly several lines), or "" when there is none. */
    public static String errorBlock(String log) {
        if (log == null || log.isBlank()) {
            return "";
        }
        String[] lines = log.split("\n");
        int end = lines.length;
        while (end > 0 && (lines[end - 1].isBlank() || STATS.matcher(lines[end - 1]).matches())) {
            end--;
        }
        int start = end;
        while (start > 0 && !TRACE.matcher(lines[start - 1]).matches()) {
            start--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < end; i++) {
            sb.append(sb.length() == 0 ? "" : "\n").append(lines[i]);
        }
        return sb.toString();
    }

    /** The first line of {@link #errorBlock}, or "" when there is none. */
    public static String firstErrorLine(String log) {
        return firstLine(errorBlock(log));
    }

    /** The first line of {@code text}, stripped ("" for null). */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
}
