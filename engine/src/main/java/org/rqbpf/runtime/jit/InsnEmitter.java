package org.rqbpf.runtime.jit;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.isa.Semantics;

/**
 * Emits the JVM bytecode of one BPF instruction. 64-bit add, sub, mul, or, and, xor, neg and mov, and the
 * conditional jumps are the JVM's own {@code long} and {@code int} instructions (identical semantics;
 * unsigned conditions compare operands biased by the sign bit); every ALU operation whose semantics
 * differ (division, modulo, shifts, 32-bit zero-extension, byte swaps, sign-extension) is a call to the
 * interpreter's {@link Semantics}, which the JVM inlines, and memory goes through {@code MemoryOps} (or
 * {@link JitSupport} for frame accesses).
 */
final class InsnEmitter {

    private final MethodEmitter m;
    private final MethodVisitor mv;

    InsnEmitter(MethodEmitter m, MethodVisitor mv) {
        this.m = m;
        this.mv = mv;
    }

    void emit(int pc, RawInsn i) {
        switch (i.cls()) {
            case Bpf.ALU, Bpf.ALU64 -> alu(i);
            case Bpf.JMP, Bpf.JMP32 -> jmp(pc, i);
            case Bpf.LDX -> ldx(pc, i);
            case Bpf.ST, Bpf.STX -> store(pc, i);
            default -> ld(pc, i);
        }
    }

    // ------------------------------------------------------------------------------------- ALU

    private void alu(RawInsn i) {
        boolean alu64 = i.cls() == Bpf.ALU64;
        boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
        int op = Bpf.op(i.opcode());
        int d = MethodEmitter.reg(i.dst());
        switch (op) {
            case Bpf.MOV -> mov(i, alu64, x);
            case Bpf.NEG -> {
                mv.visitVarInsn(LLOAD, d);
                if (alu64) {
                    mv.visitInsn(LNEG);
                } else {
                    JitCallees.NEG32.emit(mv);
                }
            }
            case Bpf.END -> {
                mv.visitVarInsn(LLOAD, d);
                m.pushInt(i.imm());
                (alu64 || x ? JitCallees.BSWAP : JitCallees.TO_LE).emit(mv);
            }
            default -> {
                mv.visitVarInsn(LLOAD, d);
                operand(i, x);
                int jvm = alu64 ? jvmLongOp(op) : -1;
                if (jvm >= 0) {
                    mv.visitInsn(jvm);
                } else {
                    JitCallees.alu(op, (op == Bpf.DIV || op == Bpf.MOD) && i.off() == 1, alu64).emit(mv);
                }
            }
        }
        mv.visitVarInsn(LSTORE, d);
    }

    private void mov(RawInsn i, boolean alu64, boolean x) {
        if (!x) {
            m.pushLong(alu64 ? (long) i.imm() : Semantics.zext32(i.imm()));
        } else if (i.off() != 0) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
            m.pushInt(i.off());
            (alu64 ? JitCallees.MOVSX64 : JitCallees.MOVSX32).emit(mv);
        } else {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
            if (!alu64) {
                JitCallees.ZEXT32.emit(mv);
            }
        }
    }

    private static int jvmLongOp(int op) {
        return switch (op) {
            case Bpf.ADD -> LADD;
            case Bpf.SUB -> LSUB;
            case Bpf.MUL -> LMUL;
            case Bpf.OR -> LOR;
            case Bpf.AND -> LAND;
            case Bpf.XOR -> LXOR;
            default -> -1;
        };
    }

    /** Pushes the source operand: {@code rS}, or the immediate sign-extended to 64 bits. */
    private void operand(RawInsn i, boolean x) {
        if (x) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
        } else {
            m.pushLong(i.imm());
        }
    }

    // ------------------------------------------------------------------------------------- jumps

    private void jmp(int pc, RawInsn i) {
        int op = Bpf.op(i.opcode());
        if (op == Bpf.EXIT) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(0));
            mv.visitInsn(LRETURN);
            return;
        }
        if (op == Bpf.CALL) {
            new CallEmitter(m, mv).emit(pc, i);
            return;
        }
        int target = ImagePlan.jumpTarget(pc, i);
        if (target <= pc) {
            m.interruptPoint();
        }
        Label to = m.label(target);
        if (op == Bpf.JA) {
            mv.visitJumpInsn(GOTO, to);
            return;
        }
        boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
        if (i.cls() == Bpf.JMP) {
            jmp64(op, i, x, to);
        } else {
            jmp32(op, i, x, to);
        }
    }

    /**
     * A 64-bit conditional jump as {@code lcmp} and a branch, the shape the JVM's compilers turn into one
     * compare (and recognise in loop exits). Unsigned conditions compare both operands biased by
     * {@code Long.MIN_VALUE}, which orders them as {@link Semantics#jlt64} and friends do; {@code jset}
     * tests {@code a & b != 0}.
     */
    private void jmp64(int op, RawInsn i, boolean x, Label to) {
        boolean unsigned = op == Bpf.JGT || op == Bpf.JGE || op == Bpf.JLT || op == Bpf.JLE;
        mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.dst()));
        if (unsigned) {
            m.pushLong(Long.MIN_VALUE);
            mv.visitInsn(LADD);
        }
        if (x) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
            if (unsigned) {
                m.pushLong(Long.MIN_VALUE);
                mv.visitInsn(LADD);
            }
        } else {
            m.pushLong(unsigned ? i.imm() + Long.MIN_VALUE : i.imm());
        }
        if (op == Bpf.JSET) {
            mv.visitInsn(LAND);
            mv.visitInsn(LCONST_0);
        }
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(jvmCompare(op), to);
    }

    /**
     * A 32-bit conditional jump on the operands' low halves as {@code int}s: {@code if_icmp}, unsigned
     * conditions biased by {@code Integer.MIN_VALUE} (as {@link Semantics#jlt32}), {@code jset} as
     * {@code iand}.
     */
    private void jmp32(int op, RawInsn i, boolean x, Label to) {
        boolean unsigned = op == Bpf.JGT || op == Bpf.JGE || op == Bpf.JLT || op == Bpf.JLE;
        mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.dst()));
        mv.visitInsn(L2I);
        if (unsigned) {
            m.pushInt(Integer.MIN_VALUE);
            mv.visitInsn(IADD);
        }
        if (x) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
            mv.visitInsn(L2I);
            if (unsigned) {
                m.pushInt(Integer.MIN_VALUE);
                mv.visitInsn(IADD);
            }
        } else {
            m.pushInt(unsigned ? i.imm() + Integer.MIN_VALUE : i.imm());
        }
        if (op == Bpf.JSET) {
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFNE, to);
        } else {
            mv.visitJumpInsn(jvmCompare(op) + (IF_ICMPEQ - IFEQ), to);
        }
    }

    /** The JVM branch after {@code lcmp} (or, shifted to {@code if_icmp}, of two ints) for a condition. */
    private static int jvmCompare(int op) {
        return switch (op) {
            case Bpf.JEQ -> IFEQ;
            case Bpf.JNE, Bpf.JSET -> IFNE;
            case Bpf.JGT, Bpf.JSGT -> IFGT;
            case Bpf.JGE, Bpf.JSGE -> IFGE;
            case Bpf.JLT, Bpf.JSLT -> IFLT;
            case Bpf.JLE, Bpf.JSLE -> IFLE;
            default -> throw new IllegalArgumentException("not a conditional jump: 0x" + Integer.toHexString(op));
        };
    }

    // ------------------------------------------------------------------------------------- memory

    private void ldx(int pc, RawInsn i) {
        int size = Bpf.sizeBytes(Bpf.size(i.opcode()));
        boolean signed = Bpf.mode(i.opcode()) == Bpf.MEMSX;
        int index = m.stackIndex(i);
        if (index >= 0) {
            m.loadStack();
            m.pushInt(index);
            JitCallees.stackLoad(size, signed).emit(mv);
        } else {
            m.markPc(pc);
            m.loadRun();
            address(i.src(), i.off());
            m.pushInt(size);
            (signed ? JitCallees.MEMORY_LOAD_SIGNED : JitCallees.MEMORY_LOAD).emit(mv);
        }
        mv.visitVarInsn(LSTORE, MethodEmitter.reg(i.dst()));
    }

    private void store(int pc, RawInsn i) {
        if (Bpf.mode(i.opcode()) == Bpf.ATOMIC) {
            atomic(pc, i);
            return;
        }
        int size = Bpf.sizeBytes(Bpf.size(i.opcode()));
        boolean x = i.cls() == Bpf.STX;
        int index = m.stackIndex(i);
        if (index >= 0) {
            m.loadStack();
            m.pushInt(index);
            operand(i, x);
            JitCallees.stackStore(size).emit(mv);
            return;
        }
        m.markPc(pc);
        m.loadRun();
        address(i.dst(), i.off());
        m.pushInt(size);
        operand(i, x);
        JitCallees.MEMORY_STORE.emit(mv);
    }

    private void atomic(int pc, RawInsn i) {
        int size = Bpf.sizeBytes(Bpf.size(i.opcode()));
        int s = MethodEmitter.reg(i.src());
        m.markPc(pc);
        m.loadRun();
        if (i.imm() == Bpf.CMPXCHG) {
            address(i.dst(), i.off());
            m.pushInt(size);
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(0));
            mv.visitVarInsn(LLOAD, s);
            JitCallees.CMPXCHG.emit(mv);
            mv.visitVarInsn(LSTORE, MethodEmitter.reg(0));
            return;
        }
        m.pushInt(i.imm());
        address(i.dst(), i.off());
        m.pushInt(size);
        mv.visitVarInsn(LLOAD, s);
        JitCallees.ATOMIC.emit(mv);
        if ((i.imm() & Bpf.FETCH) != 0) {
            mv.visitVarInsn(LSTORE, s);
        } else {
            mv.visitInsn(POP2);
        }
    }

    /** Pushes {@code rB + off}. */
    private void address(int base, int off) {
        mv.visitVarInsn(LLOAD, MethodEmitter.reg(base));
        if (off != 0) {
            m.pushLong(off);
            mv.visitInsn(LADD);
        }
    }

    private void ld(int pc, RawInsn i) {
        if (i.isLdImm64()) {
            m.pushLong(m.plan().ldImm[pc]);
            mv.visitVarInsn(LSTORE, MethodEmitter.reg(i.dst()));
            return;
        }
        // Legacy LD_ABS / LD_IND: r0 = the packet bytes, or the current function returns 0.
        m.markPc(pc);
        m.loadRun();
        m.pushLong(i.imm());
        if (Bpf.mode(i.opcode()) == Bpf.IND) {
            mv.visitVarInsn(LLOAD, MethodEmitter.reg(i.src()));
            mv.visitInsn(LADD);
        }
        m.pushInt(Bpf.sizeBytes(Bpf.size(i.opcode())));
        JitCallees.LOAD_PACKET_LEGACY.emit(mv);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, MethodEmitter.reg(0));
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        Label ok = new Label();
        mv.visitJumpInsn(IFGE, ok);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LRETURN);
        mv.visitLabel(ok);
    }
}
