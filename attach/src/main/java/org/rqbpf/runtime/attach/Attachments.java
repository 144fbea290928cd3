package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.maps.MapHooks;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.LoadedProgram;

/**
 * Which loaded program goes on which hook. Every program of the file is attached, {@code SEC("?...")}
 * ones included (they are loaded only on request elsewhere; {@code attach} requests them all, so that a
 * file can be tried as a whole). Programs on one hook run in file order.
 */
final class Attachments {
    private final List<AttachedProgram> all;
    private final Map<Hook, AttachedProgram[]> byHook = new EnumMap<>(Hook.class);

    private Attachments(List<AttachedProgram> all) {
        this.all = all;
        for (Hook h : Hook.values()) {
            byHook.put(h, all.stream().filter(p -> p.hook() == h).toArray(AttachedProgram[]::new));
        }
    }

    /**
     * Checks, before loading, that every program has a hook here: a {@code kprobe} must name a function
     * of the simulated kernel. {@code socket} programs are accepted and left unattached.
     */
    static void check(Program program) throws AttachException {
        for (BpfProgram p : program.programs()) {
            if (hookOf(p) == null && p.type() != ProgramType.SOCKET_FILTER) {
                String known = String.join(", ", MapHooks.Point.HTAB_MAP_UPDATE_ELEM.function(),
                        MapHooks.Point.TRIE_UPDATE_ELEM.function());
                throw new AttachException("program '" + p.name() + "': cannot attach SEC(\"" + p.section() + "\")"
                        + (p.type() == ProgramType.KPROBE ? ": the simulated kernel has no function '"
                                + p.section().substring("kprobe/".length()) + "' (kprobes attach to " + known + ")"
                                : ": no such hook"));
            }
        }
    }

    static Hook hookOf(BpfProgram p) {
        return Hook.forSection(p.section());
    }

    /** Attaches every program of {@code file}, with the errno counters its back end was linked with. */
    static Attachments of(LoadedFile file, Map<String, ErrnoCounts> errnos) {
        List<AttachedProgram> all = new ArrayList<>();
        int index = 0;
        for (LoadedProgram p : file.programs()) {
            all.add(new AttachedProgram(p, hookOf(p.program()), index++, errnos.get(p.name())));
        }
        return new Attachments(Collections.unmodifiableList(all));
    }

    /** Every program in file order, attached or not. */
    List<AttachedProgram> all() {
        return all;
    }

    /** The programs on {@code hook}, in file order. */
    AttachedProgram[] on(Hook hook) {
        return byHook.get(hook);
    }
}
