package org.rqbpf.runtime.testrun;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.jit.JitCompiler;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.Loader;

/**
 * The JVM bytecode of every program of a file ({@code rqbpf asm --jit}): the file is loaded on a fresh
 * test-run machine, without the verifier, so its maps exist and the listing shows the map pointers a
 * test-run would see.
 */
public final class JitListing {
    private JitListing() {}

    /** Program name to its listing ({@link JitCompiler#listing}), in file order. */
    public static Map<String, String> of(Program file) throws LoadException {
        Map<String, String> out = new LinkedHashMap<>();
        Backend listing = (image, linker) -> {
            out.put(image.name(), JitCompiler.listing(image, linker));
            return Backend.INTERPRETER.build(image, linker);
        };
        Loader.load(TestRun.newMachine(), file, null, LoadOptions.defaults().withoutVerifier().withBackend(listing));
        return out;
    }
}
