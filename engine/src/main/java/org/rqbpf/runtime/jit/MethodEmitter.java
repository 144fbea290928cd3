package org.rqbpf.runtime.jit;

import org.rqbpf.isa.InsnTable;
import static org.objectweb.asm.Opcodes.*;

import java.util.BitSet;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.BpfRun;

/**
 * Emits the JVM method of one BPF function (the slots reachable from one entry, {@link ImagePlan}):
 * {@code static long NAME(BpfRun run, long r0, ..., long r9, int depth)} returning {@code r0}.
 *
 * <p>Registers {@code r0}-{@code r9} are the parameters and stay JVM {@code long} locals, so the callee
 * receives the caller's registers exactly as the interpreter's callee sees them, and the caller's
 * {@code r6}-{@code r9} survive the call for free. {@code r10} is the frame pointer the method's
 * prologue takes from {@link BpfRun#enterFrame}. Interrupt points are the method entry, back-edges and
 * helper/kfunc calls. One exception handler per method turns a failed memory check into the
 * interpreter's {@code RuntimeFault}; the slot it names is kept in an {@code int} local written before
 * each instruction that can fail (a constant store the JVM keeps only for the handler).
 */
final class MethodEmitter {
    static final String DESC = "(L" + Names.BPF_RUN + ";JJJJJJJJJJI)J";

    private static final int RUN = 0;
    private static final int DEPTH = 21;
    private static final int R10 = 22;
    private static final int CPU = 24;
    private static final int PC = 25;
    private static final int STACK = 26;

    private final ImagePlan plan;
    private final ClassEmitter owner;
    private final int entry;
    private final BitSet slots;
    private final MethodVisitor mv;
    private final Label[] labels;
    private final InsnEmitter insns;
    private boolean usesStack;

    MethodEmitter(ImagePlan plan, ClassEmitter owner, ClassVisitor cv, int entry) {
        this.plan = plan;
        this.owner = owner;
        this.entry = entry;
        this.slots = plan.methods.get(entry);
        this.mv = cv.visitMethod(ACC_STATIC | ACC_PRIVATE, owner.methodName(entry), DESC, null, null);
        this.labels = new Label[plan.insns.size()];
        this.insns = new InsnEmitter(this, mv);
    }

    /** Local variable slot of register {@code r}. */
    static int reg(int r) {
        return r == 10 ? R10 : 1 + 2 * r;
    }

    void emit() {
        usesStack = !plan.writesFramePointer && usesStackFastPath();
        mv.visitCode();
        prologue();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, Names.MEMORY_FAULT);
        mv.visitLabel(start);
        interruptPoint();
        for (int pc = slots.nextSetBit(0); pc >= 0; pc = slots.nextSetBit(pc + 1)) {
            if (plan.jumpTargets.get(pc)) {
                mv.visitLabel(label(pc));
            }
            insns.emit(pc, plan.insns.get(pc));
        }
        mv.visitLabel(end);
        mv.visitLabel(handler);
        mv.visitVarInsn(ALOAD, RUN);
        mv.visitVarInsn(ILOAD, PC);
        JitCallees.MEMORY_FAULT.emit(mv);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void prologue() {
        mv.visitVarInsn(ALOAD, RUN);
        JitCallees.RUN_CPU.emit(mv);
        mv.visitVarInsn(ASTORE, CPU);
        mv.visitVarInsn(ALOAD, RUN);
        mv.visitVarInsn(ILOAD, DEPTH);
        pushInt(plan.image.frameBytesAt(entry));
        JitCallees.ENTER_FRAME.emit(mv);
        mv.visitVarInsn(LSTORE, R10);
        if (usesStack) {
            mv.visitVarInsn(ALOAD, RUN);
            JitCallees.STACK_OF.emit(mv);
            mv.visitVarInsn(ASTORE, STACK);
        }
        pushInt(entry);
        mv.visitVarInsn(ISTORE, PC);
    }

    private boolean usesStackFastPath() {
        for (int pc = slots.nextSetBit(0); pc >= 0; pc = slots.nextSetBit(pc + 1)) {
            RawInsn i = plan.insns.get(pc);
            if (stackIndexOf(i) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index in the frame's byte array of a plain load or store through {@code r10} that lies inside
     * the frame, else -1 (the access then takes the checked path, which faults as the interpreter does).
     */
    private static int stackIndexOf(RawInsn i) {
        int cls = i.cls();
        int mode = Bpf.mode(i.opcode());
        int base;
        if (cls == Bpf.LDX && (mode == Bpf.MEM || mode == Bpf.MEMSX)) {
            base = i.src();
        } else if ((cls == Bpf.ST || cls == Bpf.STX) && mode == Bpf.MEM) {
            base = i.dst();
        } else {
            return -1;
        }
        int index = InsnTable.STACK_SIZE + i.off();
        int size = Bpf.sizeBytes(Bpf.size(i.opcode()));
        return base == 10 && index >= 0 && index + size <= InsnTable.STACK_SIZE ? index : -1;
    }

    /** The stack index of {@code i} when this method uses the fast path for it, else -1. */
    int stackIndex(RawInsn i) {
        return usesStack ? stackIndexOf(i) : -1;
    }

    void loadStack() {
        mv.visitVarInsn(ALOAD, STACK);
    }

    Label label(int pc) {
        if (labels[pc] == null) {
            labels[pc] = new Label();
        }
        return labels[pc];
    }

    ClassEmitter owner() {
        return owner;
    }

    ImagePlan plan() {
        return plan;
    }

    boolean isMain() {
        return entry == 0;
    }

    void interruptPoint() {
        mv.visitVarInsn(ALOAD, CPU);
        JitCallees.INTERRUPT_POINT.emit(mv);
    }

    /** Records {@code pc} as the slot a failed memory check names. */
    void markPc(int pc) {
        pushInt(pc);
        mv.visitVarInsn(ISTORE, PC);
    }

    void loadRun() {
        mv.visitVarInsn(ALOAD, RUN);
    }

    void loadDepth() {
        mv.visitVarInsn(ILOAD, DEPTH);
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    void pushLong(long v) {
        if (v == 0 || v == 1) {
            mv.visitInsn(v == 0 ? LCONST_0 : LCONST_1);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /** Pushes {@code run, r0..r9, depth + 1}: the arguments of a BPF-to-BPF call. */
    void pushCallArguments() {
        mv.visitVarInsn(ALOAD, RUN);
        for (int r = 0; r < 10; r++) {
            mv.visitVarInsn(LLOAD, reg(r));
        }
        mv.visitVarInsn(ILOAD, DEPTH);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
    }
}
