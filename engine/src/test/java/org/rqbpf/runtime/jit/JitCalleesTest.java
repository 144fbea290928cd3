package org.rqbpf.runtime.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.Semantics;

class JitCalleesTest {
    @Test
    void everyCalleeResolvesToTheMethodItNames() {
        assertEquals(new JitCallee(Opcodes.INVOKESTATIC, "org/rqbpf/isa/Semantics", "sdiv64", "(JJ)J", false),
                JitCallees.alu(Bpf.DIV, true, true));
        assertEquals("(Lorg/rqbpf/runtime/BpfRun;JIJ)V", JitCallees.MEMORY_STORE.descriptor());
        assertEquals(Opcodes.INVOKEINTERFACE, JitCallees.NATIVE_CALL.opcode());
        assertEquals(Opcodes.INVOKEVIRTUAL, JitCallees.INTERRUPT_POINT.opcode());
        assertEquals("loadSigned2", JitCallees.stackLoad(2, true).name());
    }

    @Test
    void aRenamedCalleeFailsWhenTheTableIsBuilt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JitCallee.of(Semantics.class, "sdiv65", long.class, long.class));
        assertEquals("JIT callee Semantics.sdiv65 is gone", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JitCallees.alu(Bpf.ADD, false, true), "the JVM's ladd");
    }
}
