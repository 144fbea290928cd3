package org.rqbpf.verifier;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.check.Cfg;
import org.rqbpf.verifier.check.Liveness;
import org.rqbpf.verifier.check.LoadChecks;
import org.rqbpf.verifier.engine.Env;
import org.rqbpf.verifier.engine.Explorer;
import org.rqbpf.verifier.engine.StateProbe;
import org.rqbpf.verifier.log.InsnPrinter;
import org.rqbpf.verifier.log.StatePrinter;
import org.rqbpf.verifier.log.VerifierLog;

/**
 * The verifier's entry point: a pure function from a program to a {@link VerifierResult}. Stages, each
 * ending verification at its first error: load-time checks (declaration errors of the file, then the
 * {@code ll} pass with rule T1), CFG checks, path exploration of the program and then of every global
 * subprogram it calls, and the combined stack check.
 */
public final class Verifier {
    private Verifier() {}

    /** Verifies every program of the file in source order. */
    public static List<VerifierResult> verifyAll(Program file, Options options) {
        List<VerifierResult> out = new ArrayList<>();
        for (BpfProgram p : file.programs()) {
            out.add(verify(file, p, options));
        }
        return out;
    }

    public static VerifierResult verify(Program file, BpfProgram prog, Options options) {
        return verify(file, prog, options, null);
    }

    /**
     * The states in which the verifier reaches instruction {@code insn}, one per path it explores there
     * (pruned paths are not counted), each printed as Linux's log prints a full state
     * ({@code " R0=scalar(...) R1=ctx() R10=fp0 fp-8=mmmmmmmm"}); empty when no path reaches it. The
     * verdict does not matter: states up to a rejection count.
     */
    public static List<String> statesAt(Program file, BpfProgram prog, Options options, int insn) {
        List<String> states = new ArrayList<>();
        verify(file, prog, options, (idx, st) -> {
            if (idx == insn) {
                states.add(StatePrinter.full(st));
            }
        });
        return states;
    }

    private static VerifierResult verify(Program file, BpfProgram prog, Options options, StateProbe probe) {
        long t0 = System.nanoTime();
        VerifierLog log = new VerifierLog(options.logLevel());
        if (!file.loads()) {
            var d = file.loadErrors().get(0);
            log.error(d.header());
            return new VerifierResult(false, log.toString(), d.message(), -1, d.errno(),
                    new VerifierStats(0, 0, 0, 0, 0, 0, 0, List.of(), System.nanoTime() - t0));
        }
        Env env = null;
        try {
            Cfg cfg = Cfg.subprogs(prog);
            LoadChecks.run(file, prog.insns(), prog.type(), ProgramType.isSleepableSection(prog.section()));
            cfg.checkFlow();
            env = new Env(file, prog, cfg, Liveness.compute(cfg), log, options);
            env.probe = probe;
            if (log.level2()) {
                printPrelude(env);
            }
            run(env);
            StackCheck.run(env);
            finish(env, log, t0);
            return new VerifierResult(true, log.toString(), null, -1, 0, stats(env, t0), env.callMaps());
        } catch (VerifyError e) {
            log.error(e.getMessage());
            int insn = env == null ? -1 : env.insnIdx;
            if (env != null) {
                finish(env, log, t0);
            }
            return new VerifierResult(false, log.toString(), e.getMessage(), insn,
                    e.errno() == 0 ? Errno.EINVAL : e.errno(),
                    env == null ? new VerifierStats(0, 0, 0, 0, 0, 0, 0, List.of(), System.nanoTime() - t0) : stats(env, t0));
        }
    }

    /**
     * What Linux 6.18 prints at log level 2 before it explores: each function's start
     * ({@code func#N @INSN}) and the registers live before every instruction ({@code compute_live_registers}).
     */
    private static void printPrelude(Env env) {
        StringBuilder sb = new StringBuilder();
        List<FunctionInfo> functions = env.prog.functions();
        for (int i = 0; i < functions.size(); i++) {
            sb.append("func#").append(i).append(" @").append(functions.get(i).start()).append('\n');
        }
        sb.append("Live regs before insn:\n");
        for (int i = 0; i < env.insns.size(); i++) {
            sb.append(String.format("    %3d: ", i));
            int live = env.liveness.liveIn(i);
            for (int r = 0; r < 10; r++) {
                sb.append((live & (1 << r)) != 0 ? (char) ('0' + r) : '.');
            }
            sb.append(' ').append(InsnPrinter.print(env.insns, i)).append('\n');
            if (env.insns.get(i).isLdImm64()) {
                i++;
            }
        }
        env.log.print(sb.toString());
    }

    private static void run(Env env) throws VerifyError {
        Explorer explorer = new Explorer(env);
        explorer.explore(0, Explorer.initialState(0, false), false);
        dropPassLog(env);
        List<Integer> done = new ArrayList<>();
        while (true) {
            Integer next = null;
            for (Integer f : env.globalsCalled) {
                if (!done.contains(f)) {
                    next = f;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            done.add(next);
            FunctionInfo fi = env.prog.functions().get(next);
            env.log.print("Validating " + fi.name() + "() func#" + next + "...\n");
            explorer.explore(fi.start(), Explorer.initialState(fi.start(), true), true);
            dropPassLog(env);
        }
    }

    /** After a pass that succeeded, the log is emptied unless every path is kept (do_check_common's pop_log). */
    private static void dropPassLog(Env env) {
        if (!env.log.level2()) {
            env.log.reset(0);
        }
    }

    private static void finish(Env env, VerifierLog log, long t0) {
        long usec = (System.nanoTime() - t0) / 1000;
        StringBuilder depth = new StringBuilder();
        for (int i = 0; i < env.stackDepth.length; i++) {
            depth.append(i == 0 ? "" : "+").append(env.stackDepth[i]);
        }
        if (log.stats()) {
            log.print("verification time " + usec + " usec\n");
            log.print("stack depth " + depth + "\n");
        }
        log.print("processed " + env.processed + " insns (limit " + env.options.insnLimit() + ") max_states_per_insn "
                + env.maxStatesPerInsn + " total_states " + env.totalStates + " peak_states " + env.peakStates
                + " mark_read " + env.markRead + "\n");
    }

    private static VerifierStats stats(Env env, long t0) {
        List<Integer> depths = new ArrayList<>();
        for (int d : env.stackDepth) {
            depths.add(d);
        }
        return new VerifierStats(env.processed, env.totalStates, env.peakStates, env.maxStatesPerInsn, env.markRead,
                env.pruneChecks, env.pruneHits, depths, System.nanoTime() - t0);
    }
}
