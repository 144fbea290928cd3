package org.rqbpf.verifier;

import static org.rqbpf.isa.Bpf.PSEUDO_CALL;

import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.verifier.check.Cfg;
import org.rqbpf.verifier.engine.Env;

/**
 * The combined stack limit over chains of static calls (the kernel's {@code check_max_stack_depth}): each
 * frame counts its depth rounded up to 32 bytes, and no chain may exceed 512 bytes. A global subprogram
 * starts a chain of its own.
 */
final class StackCheck {
    private StackCheck() {}

    static void run(Env env) throws VerifyError {
        for (int f = 0; f < env.prog.functions().size(); f++) {
            if (f == 0 || env.prog.functions().get(f).kind() == FunctionInfo.Kind.GLOBAL) {
                walk(env, f, 0, 1);
            }
        }
    }

    private static void walk(Env env, int func, int depthAbove, int frames) throws VerifyError {
        int depth = depthAbove + round(env.stackDepth[func]);
        if (depth > InsnTable.STACK_SIZE) {
            throw new VerifyError("combined stack size of " + frames + " calls is " + depth + ". Too large");
        }
        if (frames > 8) {
            return;
        }
        FunctionInfo fi = env.prog.functions().get(func);
        for (int i = fi.start(); i < fi.end(); i++) {
            RawInsn in = env.insn(i);
            if (Cfg.isCall(in) && in.src() == PSEUDO_CALL) {
                int callee = env.cfg.functionAt(i + in.imm() + 1);
                if (callee >= 0 && env.prog.functions().get(callee).kind() == FunctionInfo.Kind.STATIC) {
                    walk(env, callee, depth, frames + 1);
                }
            }
        }
    }

    private static int round(int d) {
        return ((Math.max(d, 1) + 31) / 32) * 32;
    }
}
