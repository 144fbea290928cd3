package org.rqbpf.runtime.jit;

import org.objectweb.asm.Type;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.MemoryOps;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.isa.Semantics;

/** JVM internal names of the classes generated code refers to, taken from the classes so renames follow. */
final class Names {
    private Names() {}

    static final String BPF_RUN = Type.getInternalName(BpfRun.class);
    static final String SIM_CPU = Type.getInternalName(SimCpu.class);
    static final String SEMANTICS = Type.getInternalName(Semantics.class);
    static final String MEMORY_OPS = Type.getInternalName(MemoryOps.class);
    static final String SUPPORT = Type.getInternalName(JitSupport.class);
    static final String MEMORY_FAULT = Type.getInternalName(MemoryFault.class);
    static final String RUNTIME_FAULT = Type.getInternalName(RuntimeFault.class);
    static final String NATIVE_FUNCTION = Type.getInternalName(NativeFunction.class);
    static final String LINKER = Type.getInternalName(Linker.class);
    static final String IMAGE = Type.getInternalName(ProgramImage.class);
    static final String EXECUTABLE = Type.getInternalName(ExecutableProgram.class);
}
