package org.rqbpf.verifier.log;

/**
 * The verifier log buffer with the kernel's two layout rules: the state changed by an instruction is
 * appended to that instruction's line, aligned in a column ({@code vlog_alignment}); and at level 1
 * the log of a finished path is cut away when the next saved path resumes, so that what remains is the
 * path that failed.
 *
 * <p>The level is the kernel's {@code log_level} bit mask: {@link #PATH} (1) logs instructions and
 * keeps only the failing path, {@link #ALL} (2) keeps every path, {@link #STATS} (4) adds the
 * verification time and stack depths. Any nonzero level prints the error and the closing
 * {@code processed ...} line.
 */
public final class VerifierLog {
    public static final int PATH = 1, ALL = 2, STATS = 4;
    /** Every bit the kernel accepts ({@code BPF_LOG_MASK}; 8, {@code BPF_LOG_FIXED}, only changes how a full buffer rotates). */
    public static final int MASK = PATH | ALL | STATS | 8;

    private final StringBuilder sb = new StringBuilder();
    private final int level;
    private int insnLineStart = -1;

    public VerifierLog(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    /** True when instructions and states are logged ({@code BPF_LOG_LEVEL}: bit 1 or 2). */
    public boolean on() {
        return (level & (PATH | ALL)) != 0;
    }

    /** True when every path is kept ({@code BPF_LOG_LEVEL2}); else a finished path's log is dropped. */
    public boolean level2() {
        return (level & ALL) != 0;
    }

    /** True when the statistics lines are asked for ({@code BPF_LOG_STATS}). */
    public boolean stats() {
        return (level & STATS) != 0;
    }

    /** Appends {@code s} when any log is asked for (the kernel's {@code verbose}). */
    public void print(String s) {
        if (level != 0) {
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
        if (on()) {
            insnLineStart = sb.length();
            sb.append(idx).append(": ").append(text).append('\n');
        }
    }

    /** Appends {@code ; state} to the instruction line just printed, padded to the kernel's column. */
    public void insnState(String state) {
        if (!on() || state.isEmpty()) {
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
