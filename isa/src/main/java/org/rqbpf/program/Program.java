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
 */
public record Program(String fileName, List<MapDef> maps, List<GlobalVar> globals, List<BpfProgram> programs,
        List<Diagnostic> loadErrors) {

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
