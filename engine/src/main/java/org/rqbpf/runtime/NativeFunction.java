package org.rqbpf.runtime;

/**
 * A helper or kfunc as both back ends call it: arguments in {@code r1..r5}, the result becomes {@code r0}
 * (void functions return 0). Implementations run on the calling simulated CPU ({@link BpfRun#cpu()}).
 */
@FunctionalInterface
public interface NativeFunction {
    long call(BpfRun run, long r1, long r2, long r3, long r4, long r5);
}
