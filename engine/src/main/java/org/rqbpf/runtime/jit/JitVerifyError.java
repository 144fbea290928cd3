package org.rqbpf.runtime.jit;

/**
 * The JVM refused a class the JIT generated: a bug in the JIT, never in the program. The message holds
 * the JVM's {@link VerifyError} and ASM's {@code CheckClassAdapter} analysis of the class (the frames of
 * the failing method, instruction by instruction), so the faulty emission can be found.
 */
public final class JitVerifyError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    JitVerifyError(String program, String analysis, LinkageError cause) {
        super("the JIT generated code the JVM rejects for program '" + program + "': " + cause.getMessage()
                + "\n" + analysis, cause);
    }
}
