package org.rqbpf.runtime.attach;

/** Durations as the CLI writes them ({@code 500ms}, {@code 10s}, {@code 2m}). */
final class Durations {
    private Durations() {}

    static String format(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
