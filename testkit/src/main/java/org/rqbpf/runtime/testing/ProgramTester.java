package org.rqbpf.runtime.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.frontend.ProgramFiles;
import org.rqbpf.program.Annotations.Verdict;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.MessageMatcher;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * Checks the annotations of every program of one {@code .bpf} file: the verdict, the messages in the
 * verifier log (or in the load error of a file that does not load), and {@code __retval} through a
 * {@link ProgramRunner} when one is given.
 */
public final class ProgramTester {
    private final ProgramRunner runner;

    public ProgramTester(ProgramRunner runner) {
        this.runner = runner;
    }

    public List<TestOutcome> testFile(Path path) {
        String name = path.toString();
        Program file;
        try {
            file = ProgramFiles.read(path, path.getFileName().toString());
        } catch (IOException e) {
            return List.of(new TestOutcome(name, "*", "cannot read: " + e.getMessage(), false));
        } catch (ProgramSourceException e) {
            return List.of(new TestOutcome(name, "*", "source errors: " + e.getMessage().lines().findFirst().orElse(""), false));
        }
        List<TestOutcome> out = new ArrayList<>();
        for (BpfProgram p : file.programs()) {
            out.add(file.loads() ? testProgram(name, file, p) : testUnloadable(name, file, p));
        }
        for (Program.LeftOut l : file.leftOut()) {
            out.add(new TestOutcome(name, l.name(), "not run: " + l.reason(), false));
        }
        return out;
    }

    /** A file with load errors: only {@code __failure} programs whose messages are in the error pass. */
    private TestOutcome testUnloadable(String name, Program file, BpfProgram p) {
        StringBuilder err = new StringBuilder();
        for (Diagnostic d : file.loadErrors()) {
            err.append(d.header()).append('\n');
        }
        Annotations a = p.annotations();
        if (a.expected() != Verdict.FAILURE) {
            return new TestOutcome(name, p.name(), "file does not load: " + file.loadErrors().get(0).header(), false);
        }
        return new TestOutcome(name, p.name(), MessageMatcher.check(a.messages(), err.toString()), false);
    }

    /**
     * A privileged load against the program's annotations and, when it has {@code __*_unpriv} ones, an
     * unprivileged load against those, as the kernel's test_loader runs both.
     */
    private TestOutcome testProgram(String name, Program file, BpfProgram p) {
        Annotations a = p.annotations();
        int level = a.logLevel() != null ? a.logLevel() : 1;
        Options options = Options.level(Math.max(1, Math.min(2, level))).withProgFlags(a.progFlags());
        TestOutcome priv = testLoad(name, file, p, a.expected(), a.messages(), a.retval(), options);
        if (!priv.passed() || a.unpriv() == null) {
            return priv;
        }
        Annotations.Unpriv u = a.unpriv();
        TestOutcome unpriv = testLoad(name, file, p, u.expected(), u.messages(), u.retval(), options.unprivileged());
        return unpriv.passed() ? priv
                : new TestOutcome(name, p.name(), "unprivileged: " + unpriv.failure(), false);
    }

    private TestOutcome testLoad(String name, Program file, BpfProgram p, Verdict expected,
            List<Annotations.Message> messages, Long retval, Options options) {
        VerifierResult r = Verifier.verify(file, p, options);
        boolean wantAccept = expected != Verdict.FAILURE;
        if (r.accepted() != wantAccept) {
            String why = r.accepted() ? "accepted, expected rejection" : "rejected, expected acceptance: " + firstLine(r.error());
            return new TestOutcome(name, p.name(), why, false);
        }
        String msg = MessageMatcher.check(messages, r.log());
        if (msg != null) {
            return new TestOutcome(name, p.name(), msg, false);
        }
        if (retval == null || !r.accepted()) {
            return new TestOutcome(name, p.name(), null, false);
        }
        if (runner == null) {
            return new TestOutcome(name, p.name(), null, true);
        }
        try {
            long r0 = runner.run(file, p);
            if ((int) r0 != (int) (long) retval) {
                return new TestOutcome(name, p.name(), "retval " + (int) r0 + ", expected " + (int) (long) retval, false);
            }
            return new TestOutcome(name, p.name(), null, false);
        } catch (Exception e) {
            return new TestOutcome(name, p.name(), "run failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()), false);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
