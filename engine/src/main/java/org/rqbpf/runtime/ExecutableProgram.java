package org.rqbpf.runtime;

/**
 * A back end's runnable form of one linked program image: the interpreter
 * ({@link org.rqbpf.runtime.interp.Interpreter}) or compiled code. Instances are immutable and may run
 * concurrently on several CPU threads and nested on one CPU (an interrupt handler running another
 * program); everything a run mutates lives in its {@link BpfRun}.
 */
public interface ExecutableProgram {
    /** The image this was built from. */
    ProgramImage image();

    /**
     * Runs the program from instruction 0 on {@code run}'s CPU (the calling thread must be bound to it)
     * with {@code r1}, {@code r2} as given and {@code r10} at the top of a fresh frame.
     *
     * @return {@code r0} at the main exit
     * @throws RuntimeFault on a failed memory check or another run-time fault
     */
    long execute(BpfRun run, long r1, long r2);
}
