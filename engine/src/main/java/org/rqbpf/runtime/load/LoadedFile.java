package org.rqbpf.runtime.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.maps.MapHooks;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.MapTable;

/**
 * A {@code .bpf} file loaded on one simulated machine: its maps (created with their initial values) and
 * the programs that were loaded from it, in file order.
 */
public final class LoadedFile {
    private final SimMachine machine;
    private final Program program;
    private final MapTable maps;
    private final MapHooks hooks;
    private final List<LoadedProgram> programs = new ArrayList<>();

    LoadedFile(SimMachine machine, Program program, MapTable maps, MapHooks hooks) {
        this.machine = machine;
        this.program = program;
        this.maps = maps;
        this.hooks = hooks;
    }

    void add(LoadedProgram p) {
        programs.add(p);
    }

    public SimMachine machine() {
        return machine;
    }

    /** The assembled file. */
    public Program program() {
        return program;
    }

    /** The file's maps. */
    public MapTable maps() {
        return maps;
    }

    /** The kprobe hook points inside this file's map updates. */
    public MapHooks hooks() {
        return hooks;
    }

    /** The loaded programs in file order. */
    public List<LoadedProgram> programs() {
        return Collections.unmodifiableList(programs);
    }

    /** The loaded program named {@code name}, or null. */
    public LoadedProgram program(String name) {
        for (LoadedProgram p : programs) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
