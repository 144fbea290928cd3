package org.rqbpf.verifier.log;

/**
 * The verifier log buffer with the kernel's two layout rules: the state changed by an instruction is
 * appended to that instruction's line, aligned in a column ({@code vlog_alignment}); and at level 1
 * the log of a finished path is cut away when the next saved path resumes, so that what remains is the
 * path that failed.
 */
public final class VerifierLog {
    private final StringBuilder sb = new StringBuilder();
    private final int level;
    private int insnLineStart = -1;

    public VerifierLog(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    public boolean on() {
        return level >= 1;
    }

    public boolean level2() {
        return level >= 2;
    }

    public void print(String s) {
        if (level >= 1) {
            sb.append(s);
            insnLineStart = -1;
        }
    }

    /** An error line: printed whenever the log is on. */
    public void error(String s) {
        print(s.endsWith("\n") ? s : s + "\n");
    }

    /** {@code N: (code) insn}; a following {@link #insnState} is appended to this line. */
    public void insn(int idx, String text) {
        if (level >= 1) {
            insnLineStart = sb.length();
            sb.append(idx).append(": ").append(text).append('\n');
        }
    }

    /** Appends {@code ; state} to the instruction line just printed, padded to the kernel's column. */
    public void insnState(String state) {
        if (level < 1 || state.isEmpty()) {
            return;
        }
        if (insnLineStart >= 0 && sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') {
            int lineLen = sb.length() - insnLineStart;
            sb.setLength(sb.length() - 1);
            int pad = alignment(lineLen);
            sb.append(" ".repeat(Math.max(1, pad))).append(';').append(state).append('\n');
        } else {
            sb.append(state.substring(1)).append('\n');
        }
        insnLineStart = -1;
    }

    private static int alignment(int pos) {
        int v = Math.max(pos + 4, 40);
        return ((v + 7) / 8) * 8 - pos - 1;
    }

    public int mark() {
        return sb.length();
    }

    public void reset(int mark) {
        if (mark <= sb.length()) {
            sb.setLength(mark);
        }
        insnLineStart = -1;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
