package org.rqbpf.runtime.jit;

import org.rqbpf.isa.InsnTable;
import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.BpfRun;

/**
 * Emits the calls: helpers and kfuncs as an interface call on a constant ({@code static final}) target,
 * which the JVM inlines like a direct static call; {@code callx} through the linker; BPF-to-BPF calls as
 * a static call of the callee's method. Each records its call site ({@link BpfRun#atCall}) first, as the
 * interpreter does, and returns at once when a helper stopped the run.
 */
final class CallEmitter {

    private final MethodEmitter m;
    private final MethodVisitor mv;

    CallEmitter(MethodEmitter m, MethodVisitor mv) {
        this.m = m;
        this.mv = mv;
    }

    void emit(int pc, RawInsn i) {
        if (i.opcode() == Bpf.CALLX) {
            callx(pc, i);
        } else if (i.src() == Bpf.PSEUDO_CALL) {
            local(pc, pc + 1 + i.imm());
        } else {
            m.interruptPoint();
            m.markPc(pc);
            atCall(pc);
            mv.visitFieldInsn(GETSTATIC, m.owner().internalName(), m.owner().targetField(pc), "L" + Names.NATIVE_FUNCTION + ";");
            m.loadRun();
            pushArguments();
            JitCallees.NATIVE_CALL.emit(mv);
            storeR0AndCheckStopped();
        }
    }

    private void callx(int pc, RawInsn i) {
        m.interruptPoint();
        m.markPc(pc);
        mv.visitFieldInsn(GETSTATIC, m.owner().internalName(), ClassEmitter.LINKER_FIELD, "L" + Names.LINKER + ";");
        mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.dst()));
        m.loadRun();
        m.loadDepth();
        m.pushInt(pc);
        pushArguments();
        JitCallees.CALLX.emit(mv);
        storeR0AndCheckStopped();
    }

    private void local(int pc, int target) {
        Label ok = new Label();
        m.loadDepth();
        m.pushInt(InsnTable.MAX_CALL_FRAMES - 1);
        mv.visitJumpInsn(IF_ICMPLT, ok);
        m.loadRun();
        m.pushInt(pc);
        JitCallees.TOO_DEEP.emit(mv);
        mv.visitInsn(ATHROW);
        mv.visitLabel(ok);
        m.markPc(pc);
        atCall(pc);
        m.pushCallArguments();
        mv.visitMethodInsn(INVOKESTATIC, m.owner().internalName(), m.owner().methodName(target), MethodEmitter.DESC,
                false);
        storeR0AndCheckStopped();
    }

    private void atCall(int pc) {
        m.loadRun();
        m.loadDepth();
        m.pushInt(pc);
        JitCallees.AT_CALL.emit(mv);
    }

    private void pushArguments() {
        for (int r = 1; r <= 5; r++) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(r));
        }
    }

    private void storeR0AndCheckStopped() {
        mv.visitVarInsn(LSTORE, MethodEmitter.reg(0));
        Label go = new Label();
        m.loadRun();
        JitCallees.STOPPED.emit(mv);
        mv.visitJumpInsn(IFEQ, go);
        mv.visitVarInsn(LLOAD, MethodEmitter.reg(0));
        mv.visitInsn(LRETURN);
        mv.visitLabel(go);
    }
}
