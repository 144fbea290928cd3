package org.rqbpf.runtime.attach;

import java.util.Map;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.load.Backend;

/**
 * A back end that links each program against helpers and kfuncs wrapped to count their error returns in
 * that program's {@link ErrnoCounts}, then builds it with the real back end. Wrapping at link time keeps
 * the counting out of the helpers themselves and costs one extra call per helper call.
 */
final class ErrnoCountingBackend implements Backend {
    private final Backend backend;
    private final Map<String, ErrnoCounts> byProgram;

    /** {@code byProgram} maps every program name of the file to its counters. */
    ErrnoCountingBackend(Backend backend, Map<String, ErrnoCounts> byProgram) {
        this.backend = backend;
        this.byProgram = byProgram;
    }

    @Override
    public ExecutableProgram build(ProgramImage image, Linker linker) {
        ErrnoCounts counts = byProgram.get(image.name());
        if (counts == null) {
            throw new IllegalStateException("no errno counters for program '" + image.name() + "'");
        }
        return backend.build(image, new CountingLinker(linker, counts));
    }

    private record CountingLinker(Linker linker, ErrnoCounts counts) implements Linker {
        @Override
        public NativeFunction helper(int id) {
            return counted(linker.helper(id));
        }

        @Override
        public NativeFunction helperFor(int id, int mapIndex) {
            return counted(linker.helperFor(id, mapIndex));
        }

        private NativeFunction counted(NativeFunction f) {
            return f == null ? null : (run, r1, r2, r3, r4, r5) -> {
                long r = f.call(run, r1, r2, r3, r4, r5);
                counts.recordHelper(run.cpu().id(), r);
                return r;
            };
        }

        @Override
        public NativeFunction kfunc(int id) {
            NativeFunction f = linker.kfunc(id);
            Kfunc k = Kfunc.byId(id);
            if (f == null || k == null || !k.returnsInt()) {
                return f;
            }
            return (run, r1, r2, r3, r4, r5) -> {
                long r = f.call(run, r1, r2, r3, r4, r5);
                counts.recordInt(run.cpu().id(), r);
                return r;
            };
        }

        @Override
        public long mapPointer(int index) {
            return linker.mapPointer(index);
        }

        @Override
        public long mapValueAddress(int index, int offset) {
            return linker.mapValueAddress(index, offset);
        }
    }
}
