package org.rqbpf.runtime.testing;

import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/**
 * Runs an accepted program once for its {@code __retval} check (test-run on CPU 0 with the program
 * type's default context, runtime.md). The test runner knows nothing else about the runtime.
 */
public interface ProgramRunner {
    /** Returns r0 of one run. */
    long run(Program file, BpfProgram program) throws Exception;
}
