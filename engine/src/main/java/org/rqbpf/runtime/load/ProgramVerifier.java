package org.rqbpf.runtime.load;

import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/** The verifier as the loader uses it: one program of a file at a log level. */
@FunctionalInterface
public interface ProgramVerifier {
    VerifierResult verify(Program file, BpfProgram program);

    /**
     * The rqbpf verifier as libbpf loads: first without a log (nothing is formatted on the accepting
     * path), and only on rejection once more at level 1, so the rejection carries the failing path.
     */
    ProgramVerifier DEFAULT = (file, program) -> {
        VerifierResult quiet = Verifier.verify(file, program, Options.level(0));
        return quiet.accepted() ? quiet : Verifier.verify(file, program, Options.level(1));
    };
}
