package org.rqbpf.runtime;

/** A {@link RunLog} that keeps everything, for test-runs. Used by one run at a time. */
public final class BufferedRunLog implements RunLog {
    private final StringBuilder trace = new StringBuilder();
    private final StringBuilder errors = new StringBuilder();

    @Override
    public void trace(String text) {
        trace.append(text);
    }

    @Override
    public void error(String text) {
        errors.append(text);
    }

    /** Everything traced so far. */
    public String traceText() {
        return trace.toString();
    }

    /** Every error report so far. */
    public String errorText() {
        return errors.toString();
    }
}
