package org.rqbpf.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.frontend.ProgramFiles;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.testing.ProgramRunner;
import org.rqbpf.runtime.testing.RetvalRunner;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * Checks every annotated program of a file on rqbpf and on the host Linux kernel, side by side: the
 * same bytecode, the same log level, the same default test-run input. A file rqbpf cannot assemble
 * gives no rows (it is the assembler's error, not a verdict).
 */
public final class Comparison {
    private final ProgramRunner rqbpfRunner;
    private final String linuxUnavailable;

    /** Compares on rqbpf's {@code backend}; Linux is used when it can serve. */
    public Comparison(Backend backend) {
        this.rqbpfRunner = new RetvalRunner(backend);
        this.linuxUnavailable = LinuxOracle.unavailable();
    }

    /** The rows of {@code path}, in program order. */
    public List<Row> compareFile(Path path, String displayName) throws IOException {
        Program file;
        try {
            file = ProgramFiles.read(path, path.getFileName().toString());
        } catch (ProgramSourceException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>();
        for (BpfProgram p : file.programs()) {
            rows.add(compare(displayName, file, p));
        }
        return rows;
    }

    /** One program on both oracles. */
    public Row compare(String displayName, Program file, BpfProgram p) {
        Annotations a = p.annotations();
        int level = Math.max(1, Math.min(2, a.logLevel() != null ? a.logLevel() : 1));
        Side rq = rqbpf(file, p, level);
        String rqFailure = AnnotationCheck.check(a, rq);
        if (linuxUnavailable != null) {
            return new Row(displayName, p.name(), a, rq, null, rqFailure, null, linuxUnavailable);
        }
        LinuxOracle.Verdict v = LinuxOracle.verify(file, p, level);
        Long retval = null;
        String notRun = null;
        if (v.accepted() && a.retval() != null) {
            LinuxOracle.Run r = LinuxOracle.run(file, p, 1);
            retval = r.retval();
            notRun = r.notRun();
        }
        Side linux = new Side(v.accepted(), v.errno(), v.errorLine(), v.log(), retval, notRun);
        String linuxFailure = AnnotationCheck.check(a, linux);
        if (linuxFailure == null && notRun != null) {
            return new Row(displayName, p.name(), a, rq, linux, rqFailure, null, notRun);
        }
        return new Row(displayName, p.name(), a, rq, linux, rqFailure, linuxFailure, null);
    }

    private Side rqbpf(Program file, BpfProgram p, int level) {
        if (!file.loads()) {
            Diagnostic d = file.loadErrors().get(0);
            StringBuilder log = new StringBuilder();
            for (Diagnostic e : file.loadErrors()) {
                log.append(e.header()).append('\n');
            }
            return new Side(false, d.errno(), d.message(), log.toString(), null, null);
        }
        VerifierResult r = Verifier.verify(file, p, Options.level(level).withProgFlags(p.annotations().progFlags()));
        if (!r.accepted()) {
            return new Side(false, r.errno(), LinuxLog.firstLine(r.error()), r.log(), null, null);
        }
        if (p.annotations().retval() == null) {
            return new Side(true, 0, "", r.log(), null, null);
        }
        try {
            return new Side(true, 0, "", r.log(), rqbpfRunner.run(file, p), null);
        } catch (Exception e) {
            return new Side(true, 0, "", r.log(), null, "run failed: " + e.getMessage());
        }
    }
}
