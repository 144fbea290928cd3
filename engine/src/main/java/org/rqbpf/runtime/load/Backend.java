package org.rqbpf.runtime.load;

import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.interp.Interpreter;
import org.rqbpf.runtime.jit.JitCompiler;

/** A back end: turns a linked program image into something runnable (the interpreter, or a compiler). */
@FunctionalInterface
public interface Backend {
    ExecutableProgram build(ProgramImage image, Linker linker);

    /** The interpreter. */
    Backend INTERPRETER = Interpreter::create;

    /** The JIT to JVM bytecode (it runs programs it cannot compile on the interpreter). */
    Backend JIT = JitCompiler::build;

    /** The JIT, or the interpreter when {@code noJit} ({@code --no-jit}). */
    static Backend choose(boolean noJit) {
        return noJit ? INTERPRETER : JIT;
    }
}
