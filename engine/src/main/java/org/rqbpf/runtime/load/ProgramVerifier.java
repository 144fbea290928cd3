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

    /** The rqbpf verifier with its failing-path log (level 1). */
    ProgramVerifier DEFAULT = (file, program) -> Verifier.verify(file, program, Options.defaults());
}
