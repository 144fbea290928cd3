package org.rqbpf.runtime;

/**
 * The two per-run streams of runtime.md: the trace log ({@code bpf_trace_printk}) and the error stream
 * (reports of failed lock kfuncs). Test-run collects both ({@link BufferedRunLog}); a long-running
 * workload may keep only the last lines.
 */
public interface RunLog {
    /** Appends the text one {@code bpf_trace_printk} call wrote. */
    void trace(String text);

    /** Appends one error report (complete lines, each ending in a newline). */
    void error(String text);

    /** A log that drops everything (benchmarks). */
    RunLog DISCARD = new RunLog() {
        @Override
        public void trace(String text) {}

        @Override
        public void error(String text) {}
    };
}
