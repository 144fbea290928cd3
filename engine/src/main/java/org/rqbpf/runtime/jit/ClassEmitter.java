package org.rqbpf.runtime.jit;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.runtime.NativeFunction;

/**
 * Generates the class of one compiled program:
 * <pre>
 * final class Jit$NAME implements ExecutableProgram {
 *     static final ProgramImage IMAGE; static final Linker LINKER;
 *     static final NativeFunction helper_N, kfunc_N...;   // from the hidden class's class data
 *     public long execute(BpfRun run, long r1, long r2) { return main(run, 0, r1, r2, 0, ..., 0, 0); }
 *     private static long main(BpfRun run, long r0, ..., long r9, int depth) {...}
 *     private static long sub$N(...) {...}                  // one per BPF-to-BPF call target
 * }
 * </pre>
 * The class data is a list: the image, the linker, then the call targets in field order.
 */
final class ClassEmitter {
    static final String IMAGE_FIELD = "IMAGE";
    static final String LINKER_FIELD = "LINKER";

    private final ImagePlan plan;
    private final String internalName;
    /** Field name by call target key ({@code helper_N} / {@code kfunc_N}) to its function, in field order. */
    private final Map<String, NativeFunction> targets = new LinkedHashMap<>();

    ClassEmitter(ImagePlan plan) {
        this.plan = plan;
        this.internalName = Names.SUPPORT.substring(0, Names.SUPPORT.lastIndexOf('/') + 1) + "Jit$"
                + sanitize(plan.image.name());
        for (int pc = 0; pc < plan.callTargets.length; pc++) {
            if (plan.callTargets[pc] != null) {
                targets.putIfAbsent(targetField(pc), plan.callTargets[pc]);
            }
        }
    }

    String internalName() {
        return internalName;
    }

    /** The class data {@link #generate()}'s class reads in its static initializer. */
    List<Object> classData() {
        List<Object> data = new ArrayList<>();
        data.add(plan.image);
        data.add(plan.linker());
        data.addAll(targets.values());
        return List.copyOf(data);
    }

    /**
     * The field holding the helper or kfunc called at slot {@code pc}: one per function, shared by the calls
     * of one helper, except that a helper bound to a map ({@link ProgramImage#callMaps}) has a field per map.
     */
    String targetField(int pc) {
        RawInsn i = plan.insns.get(pc);
        if (i.src() == Bpf.PSEUDO_KFUNC_CALL) {
            return "kfunc_" + i.imm();
        }
        Integer map = plan.image.callMaps().get(pc);
        return "helper_" + i.imm() + (map == null ? "" : "_map" + map);
    }

    /** The method of the function entered at slot {@code entry}. */
    String methodName(int entry) {
        if (entry == 0) {
            return "main";
        }
        for (FunctionInfo f : plan.image.functions()) {
            if (f.start() == entry) {
                return sanitize(f.name()) + "$" + entry;
            }
        }
        return "sub$" + entry;
    }

    /** The class file. */
    byte[] generate() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            // Generated code only merges identical reference types; never load classes to find a common one.
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return a.equals(b) ? a : "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, internalName, null, "java/lang/Object", new String[] {Names.EXECUTABLE});
        cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, IMAGE_FIELD, "L" + Names.IMAGE + ";", null, null).visitEnd();
        cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, LINKER_FIELD, "L" + Names.LINKER + ";", null, null).visitEnd();
        for (String f : targets.keySet()) {
            cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, f, "L" + Names.NATIVE_FUNCTION + ";", null, null).visitEnd();
        }
        staticInit(cw);
        constructor(cw);
        imageGetter(cw);
        execute(cw);
        for (int entry : plan.methods.keySet()) {
            new MethodEmitter(plan, this, cw, entry).emit();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void staticInit(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(Type.getType(List.class));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "java/util/List");
        mv.visitVarInsn(ASTORE, 0);
        List<String> fields = new ArrayList<>();
        fields.add(IMAGE_FIELD);
        fields.add(LINKER_FIELD);
        fields.addAll(targets.keySet());
        for (int k = 0; k < fields.size(); k++) {
            String type = k == 0 ? Names.IMAGE : k == 1 ? Names.LINKER : Names.NATIVE_FUNCTION;
            mv.visitVarInsn(ALOAD, 0);
            mv.visitLdcInsn(k);
            mv.visitMethodInsn(INVOKEINTERFACE, "java/util/List", "get", "(I)Ljava/lang/Object;", true);
            mv.visitTypeInsn(CHECKCAST, type);
            mv.visitFieldInsn(PUTSTATIC, internalName, fields.get(k), "L" + type + ";");
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void imageGetter(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "image", "()L" + Names.IMAGE + ";", null, null);
        mv.visitCode();
        mv.visitFieldInsn(GETSTATIC, internalName, IMAGE_FIELD, "L" + Names.IMAGE + ";");
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void execute(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "execute", "(L" + Names.BPF_RUN + ";JJ)J", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LLOAD, 2);
        mv.visitVarInsn(LLOAD, 4);
        for (int r = 3; r < 10; r++) {
            mv.visitInsn(LCONST_0);
        }
        mv.visitInsn(ICONST_0);
        mv.visitMethodInsn(INVOKESTATIC, internalName, methodName(0), MethodEmitter.DESC, false);
        mv.visitInsn(LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            sb.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
