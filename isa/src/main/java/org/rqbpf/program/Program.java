package org.rqbpf.program;

import java.util.List;
import java.util.Optional;

/**
 * A loaded {@code .bpf} file: its maps (declared maps first, then data-section maps in order of first
 * appearance), global variables, and programs in source order.
 *
 * @param fileName the file's name as given (used in messages and libbpf map naming)
 * @param maps every map, indexed by {@link MapDef#index()}
 * @param globals every global variable
 * @param programs every program, in source order
 * @param loadErrors declaration errors found at load time with their errno (lock placement, invalid map
 *     combinations); when non-empty the file does not load and no program may be verified or run
 * @param leftOut programs of an object the model cannot hold (their section names a hook rqbpf does not
 *     have), with why; the others load without them
 * @param notes what the front end did to the file that its user should know, one line each (e.g. an
 *     object's CO-RE relocation it could not resolve, and so poisoned as libbpf does)
 */
public record Program(String fileName, List<MapDef> maps, List<GlobalVar> globals, List<BpfProgram> programs,
        List<Diagnostic> loadErrors, List<LeftOut> leftOut, List<String> notes) {

    /** A program a front end left out, and why (one line). */
    public record LeftOut(String name, String reason) {}

    /** A file with every program in it. */
    public Program(String fileName, List<MapDef> maps, List<GlobalVar> globals, List<BpfProgram> programs,
            List<Diagnostic> loadErrors) {
        this(fileName, maps, globals, programs, loadErrors, List.of(), List.of());
    }

    public Optional<BpfProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<MapDef> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public boolean loads() {
        return loadErrors.isEmpty();
    }
}
