package org.rqbpf.runtime.jit;

import org.objectweb.asm.Type;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;

/**
 * JVM internal names of the classes generated code refers to (as field or parameter types), taken from the
 * classes so renames follow; the methods it calls are {@link JitCallees}.
 */
final class Names {
    private Names() {}

    static final String BPF_RUN = Type.getInternalName(BpfRun.class);
    static final String SUPPORT = Type.getInternalName(JitSupport.class);
    static final String MEMORY_FAULT = Type.getInternalName(MemoryFault.class);
    static final String NATIVE_FUNCTION = Type.getInternalName(NativeFunction.class);
    static final String LINKER = Type.getInternalName(Linker.class);
    static final String IMAGE = Type.getInternalName(ProgramImage.class);
    static final String EXECUTABLE = Type.getInternalName(ExecutableProgram.class);
}
