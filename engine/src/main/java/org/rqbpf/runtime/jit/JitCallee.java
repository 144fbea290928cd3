package org.rqbpf.runtime.jit;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A Java method that generated code calls, resolved through reflection when the JIT's tables are built
 * (class initialisation of {@link JitCallees}): the owner, name and descriptor come from the method
 * itself, so renaming or retyping a callee fails the first time the JIT is loaded, in every test that
 * touches it, instead of when some program happens to need that one instruction.
 */
record JitCallee(int opcode, String owner, String name, String descriptor, boolean onInterface) {
    /**
     * The method {@code name} of {@code owner} with exactly {@code params}.
     *
     * @throws IllegalStateException when there is no such method (a callee was renamed or retyped)
     */
    static JitCallee of(Class<?> owner, String name, Class<?>... params) {
        Method m;
        try {
            m = owner.getDeclaredMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("JIT callee " + owner.getSimpleName() + "." + name + " is gone", e);
        }
        int opcode = Modifier.isStatic(m.getModifiers()) ? Opcodes.INVOKESTATIC
                : owner.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
        return new JitCallee(opcode, Type.getInternalName(owner), name, Type.getMethodDescriptor(m), owner.isInterface());
    }

    /** Emits the call; its arguments are on the operand stack. */
    void emit(MethodVisitor mv) {
        mv.visitMethodInsn(opcode, owner, name, descriptor, onInterface);
    }
}
