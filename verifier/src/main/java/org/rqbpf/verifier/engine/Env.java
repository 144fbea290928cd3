package org.rqbpf.verifier.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.check.Cfg;
import org.rqbpf.verifier.check.Liveness;
import org.rqbpf.verifier.log.SourceLines;
import org.rqbpf.verifier.log.VerifierLog;

/** Everything one verification shares: the program, its CFG facts, the log, the id counter and the counters. */
public final class Env {
    public final Program file;
    public final BpfProgram prog;
    public final List<RawInsn> insns;
    public final Cfg cfg;
    public final Liveness liveness;
    public final VerifierLog log;
    public final SourceLines sourceLines;
    public final Options options;
    /** Stack depth reached by each function of the image. */
    public final int[] stackDepth;
    /** Global functions (by function index) called on some explored path, to verify on their own. */
    public final Set<Integer> globalsCalled = new LinkedHashSet<>();

    private int idGen;
    /** The instruction being processed (for errors and reference records). */
    public int insnIdx;
    public int processed;
    public int totalStates;
    public int curStates;
    public int peakStates;
    public int maxStatesPerInsn;
    public long markRead;
    public long pruneChecks;
    public long pruneHits;

    public Env(Program file, BpfProgram prog, Cfg cfg, Liveness liveness, VerifierLog log, Options options) {
        this.file = file;
        this.prog = prog;
        this.insns = prog.insns();
        this.cfg = cfg;
        this.liveness = liveness;
        this.log = log;
        this.sourceLines = new SourceLines(prog.lineInfo());
        this.options = options;
        this.stackDepth = new int[prog.functions().size()];
    }

    public int newId() {
        return ++idGen;
    }

    public RawInsn insn(int idx) {
        return insns.get(idx);
    }
}
