package org.rqbpf.runtime.jit;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.interp.Interpreter;

/**
 * The JIT back end: compiles a linked program image (the program and its static subprograms) into a
 * hidden JVM class, one method per BPF function ({@link ImagePlan}, {@link ClassEmitter}).
 *
 * <p>Two kinds of image run on the interpreter instead: images with a reachable slot the interpreter
 * would fault on (only possible without the verifier; the interpreter reports the fault exactly), and
 * images whose methods exceed the JVM's 64 KiB method limit (said once per program in the log
 * {@code org.rqbpf.runtime.jit.JitCompiler}).
 */
public final class JitCompiler {
    private static final System.Logger LOG = System.getLogger(JitCompiler.class.getName());
    /** Programs already reported as too large, so a program loaded again is not reported again. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private JitCompiler() {}

    /** Compiles {@code image} (the {@link org.rqbpf.runtime.load.Backend} of the JIT). */
    public static ExecutableProgram build(ProgramImage image, Linker linker) {
        ImagePlan plan = ImagePlan.of(image, linker);
        if (plan.unsupported() != null) {
            LOG.log(Level.DEBUG, "program ''{0}'' runs on the interpreter: {1}", image.name(), plan.unsupported());
            return Interpreter.create(image, linker);
        }
        ClassEmitter emitter = new ClassEmitter(plan);
        byte[] bytes;
        try {
            bytes = emitter.generate();
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            if (REPORTED.add(image.name() + "/" + image.insns().size())) {
                LOG.log(Level.WARNING, "program ''{0}'' ({1} insns) is too large for the JIT ({2}); it runs on the "
                        + "interpreter", image.name(), String.valueOf(image.insns().size()), e.getMessage());
            }
            return Interpreter.create(image, linker);
        }
        return (ExecutableProgram) ClassDefiner.instantiate(image.name(), bytes, emitter.classData());
    }

    /** Whether {@code p} is compiled code (and not the interpreter this back end fell back to). */
    public static boolean isCompiled(ExecutableProgram p) {
        return p.getClass().isHidden() && p.getClass().getPackageName().equals(JitCompiler.class.getPackageName());
    }

    /**
     * The JVM bytecode the JIT generates for {@code image}, as ASM's Textifier prints it, or a line saying
     * why the image runs on the interpreter.
     */
    public static String listing(ProgramImage image, Linker linker) {
        ImagePlan plan = ImagePlan.of(image, linker);
        if (plan.unsupported() != null) {
            return "// not compiled, runs on the interpreter: " + plan.unsupported() + "\n";
        }
        try {
            return BytecodeListing.of(new ClassEmitter(plan).generate());
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            return "// not compiled, runs on the interpreter: too large for the JVM (" + e.getMessage() + ")\n";
        }
    }
}
