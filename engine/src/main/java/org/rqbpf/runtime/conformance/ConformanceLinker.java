package org.rqbpf.runtime.conformance;

import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;

/**
 * The bpf_conformance runner's own helper table: helper 5 is {@code unwind}, which returns its first
 * argument and, when that is 0, stops the program with {@code r0 = 0}. There are no kfuncs and no maps.
 */
public final class ConformanceLinker implements Linker {
    public static final int UNWIND = 5;

    private static final NativeFunction UNWIND_FN = (run, r1, r2, r3, r4, r5) -> {
        if (r1 == 0) {
            run.stop();
        }
        return r1;
    };

    @Override
    public NativeFunction helper(int id) {
        return id == UNWIND ? UNWIND_FN : null;
    }

    @Override
    public NativeFunction kfunc(int id) {
        return null;
    }

    @Override
    public long mapPointer(int index) {
        throw new IllegalArgumentException("conformance programs have no maps");
    }

    @Override
    public long mapValueAddress(int index, int offset) {
        throw new IllegalArgumentException("conformance programs have no maps");
    }
}
