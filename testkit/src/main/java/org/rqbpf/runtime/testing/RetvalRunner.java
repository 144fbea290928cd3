package org.rqbpf.runtime.testing;

import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.runtime.testrun.TestRunOptions;

/**
 * The runtime behind {@code __retval} in {@code rqbpf test}: one test-run of the program (fresh 4-CPU
 * kernel, default ctx and packet, on the given back end), returning {@code r0}.
 */
public final class RetvalRunner implements ProgramRunner {
    private final Backend backend;

    /** Runs on the interpreter. */
    public RetvalRunner() {
        this(Backend.INTERPRETER);
    }

    public RetvalRunner(Backend backend) {
        this.backend = backend;
    }

    @Override
    public long run(Program file, BpfProgram program) throws Exception {
        TestRunOptions options = TestRunOptions.defaults();
        return TestRun.run(file, program.name(), options.withLoad(options.load().withBackend(backend))).r0();
    }
}
