package org.rqbpf.runtime.testrun;

import org.rqbpf.runtime.load.LoadOptions;

/**
 * Options of a test-run.
 *
 * @param ctx the ctx bytes, or null for the default (zeroed, the type's size)
 * @param packet the packet bytes, or null for the default (64 zero bytes for tc, xdp and socket)
 * @param repeat how many times to run (at least 1); maps persist between repetitions
 * @param load how to load (verifier, back end)
 */
public record TestRunOptions(byte[] ctx, byte[] packet, int repeat, LoadOptions load) {
    public TestRunOptions {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1: " + repeat);
        }
    }

    /** One run with the default ctx and packet, verified, on the interpreter. */
    public static TestRunOptions defaults() {
        return new TestRunOptions(null, null, 1, LoadOptions.defaults());
    }

    public TestRunOptions withLoad(LoadOptions l) {
        return new TestRunOptions(ctx, packet, repeat, l);
    }
}
