package org.rqbpf.runtime.testrun;

import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.testing.ProgramRunner;

/**
 * The runtime behind {@code __retval} in {@code rqbpf test}: one test-run of the program (fresh 4-CPU
 * kernel, default ctx and packet, interpreter), returning {@code r0}.
 */
public final class RetvalRunner implements ProgramRunner {
    @Override
    public long run(Program file, BpfProgram program) throws Exception {
        return TestRun.run(file, program.name(), TestRunOptions.defaults()).r0();
    }
}
