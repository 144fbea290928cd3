package org.rqbpf.runtime.jit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Defines generated classes as hidden classes of this package (unloaded with their last instance, no
 * name in any class loader), initialised with their class data. A class the JVM rejects becomes a
 * {@link JitVerifyError} carrying ASM's analysis of it.
 */
final class ClassDefiner {
    private ClassDefiner() {}

    /** Defines {@code bytes} with {@code data} and returns a new instance made by its no-argument constructor. */
    static Object instantiate(String program, byte[] bytes, Object data) {
        MethodHandles.Lookup hidden;
        try {
            hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, data, true);
        } catch (VerifyError | ClassFormatError e) {
            throw new JitVerifyError(program, analyse(bytes), e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot define a hidden class in " + ClassDefiner.class.getPackageName(), e);
        }
        try {
            return hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot instantiate the compiled class of program '" + program + "'", t);
        }
    }

    /** ASM's verifier output for {@code bytes}: each method's failure with its frames. */
    static String analyse(byte[] bytes) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            CheckClassAdapter.verify(new ClassReader(bytes), ClassDefiner.class.getClassLoader(), false, pw);
        } catch (RuntimeException e) {
            out.append("(ASM could not analyse the class: ").append(String.valueOf(e)).append(")\n");
        }
        return out.toString();
    }
}
