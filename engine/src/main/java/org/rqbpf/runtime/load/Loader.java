package org.rqbpf.runtime.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapCreationException;
import org.rqbpf.maps.MapFactory;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.MapTable;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.helpers.RuntimeHelpers;
import org.rqbpf.verifier.VerifierResult;

/**
 * The loader: refuse files with load errors, create the maps (declared and global-data maps with
 * their initial values), verify, and link each program against the runtime's helpers and kfuncs, the
 * file's maps and its subprograms (already part of each program's image). The steps run in the
 * kernel's order: maps are created before any program is verified.
 */
public final class Loader {
    private Loader() {}

    /**
     * Loads {@code names} (null: every program, {@code SEC("?...")} ones included) of {@code program} on
     * {@code machine}.
     *
     * @throws LoadException for load errors, map creation errors, unknown program names and rejections
     */
    public static LoadedFile load(SimMachine machine, Program program, List<String> names, LoadOptions options)
            throws LoadException {
        if (!program.loads()) {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic d : program.loadErrors()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(d.header());
            }
            throw new LoadException(LoadException.Kind.LOAD_ERROR, sb.toString(), null);
        }
        List<BpfProgram> selected = select(program, names);
        MapFactory factory = new MapFactory(machine);
        List<BpfMap> maps = new ArrayList<>();
        for (MapDef def : program.maps()) {
            try {
                maps.add(factory.create(def));
            } catch (MapCreationException e) {
                throw new LoadException(LoadException.Kind.LOAD_ERROR,
                        def.pos() + ": error: " + e.getMessage(), null);
            }
        }
        MapTable table = new MapTable(machine.memory(), program.fileName(), maps);
        LoadedFile file = new LoadedFile(machine, program, table, factory.hooks());
        FileLinker linker = new FileLinker(table, new RuntimeHelpers(table));
        for (BpfProgram p : selected) {
            long t0 = System.nanoTime();
            VerifierResult verdict = null;
            if (options.verify()) {
                verdict = options.verifier().verify(program, p);
                if (!verdict.accepted()) {
                    throw new LoadException(LoadException.Kind.REJECTED, "program '" + p.name()
                            + "' rejected by the verifier: " + verdict.error(), verdict);
                }
            }
            ProgramImage image = image(p, verdict);
            ExecutableProgram executable = onCpu(machine, () -> options.backend().build(image, linker));
            file.add(new LoadedProgram(file, p, executable, verdict, System.nanoTime() - t0));
        }
        return file;
    }

    /**
     * The image of {@code p}: a verified one zeroes only the stack each function was proved to use, when
     * the verdict reports a depth per function (else, as an unverified one, whole frames).
     */
    static ProgramImage image(BpfProgram p, VerifierResult verdict) {
        if (verdict == null) {
            return ProgramImage.of(p, false);
        }
        List<Integer> depths = verdict.stats() == null ? null : verdict.stats().stackDepths();
        if (depths == null || depths.size() != p.functions().size()) {
            return ProgramImage.of(p, true);
        }
        return ProgramImage.verified(p, depths, verdict.callMaps());
    }

    private static List<BpfProgram> select(Program program, List<String> names) throws LoadException {
        if (names == null) {
            return program.programs();
        }
        List<BpfProgram> out = new ArrayList<>();
        for (String n : names) {
            BpfProgram p = program.program(n).orElse(null);
            if (p == null) {
                throw new LoadException(LoadException.Kind.LOAD_ERROR, "no program named '" + n + "' in "
                        + program.fileName(), null);
            }
            out.add(p);
        }
        return out;
    }

    /** Linking reads global-data map values, which map code does on a simulated CPU. */
    private static <T> T onCpu(SimMachine machine, Supplier<T> body) {
        if (SimCpu.currentOrNull() != null) {
            return body.get();
        }
        return machine.cpu(0).call(body::get);
    }
}
