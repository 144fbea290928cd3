package org.rqbpf.verifier.engine;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.check.Cfg;
import org.rqbpf.verifier.check.Liveness;
import org.rqbpf.verifier.log.SourceLines;
import org.rqbpf.verifier.log.VerifierLog;
import org.rqbpf.verifier.state.RegType;

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

    private final RegType[] accessPtrType;
    /** Map index of each helper call's map argument, or {@link #POISONED} ({@link #recordCallMap}). */
    private final Map<Integer, Integer> callMaps = new HashMap<>();
    private static final int POISONED = -1;
    private int idGen;
    /** The instruction being processed (for errors and reference records). */
    public int insnIdx;
    /** Told the state before every instruction the explorer executes (null: nobody listens). */
    public StateProbe probe;
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
        this.accessPtrType = new RegType[insns.size()];
    }


    /**
     * The kernel's {@code save_aux_ptr_type}: the pointer type each load or store instruction first accessed
     * memory through. One instruction may not access a context on one path and other memory on another,
     * because the kernel rewrites context accesses in place.
     */
    public void savePtrType(RegType type) throws VerifyError {
        RegType prev = accessPtrType[insnIdx];
        if (prev == null) {
            accessPtrType[insnIdx] = type;
        } else if (prev != type && (prev == RegType.PTR_TO_CTX || type == RegType.PTR_TO_CTX)) {
            throw new VerifyError("same insn cannot be used with different pointers");
        }
    }

    /**
     * The kernel's {@code record_func_map}: the map a helper call at the current instruction takes. The
     * first path's map is kept; another map on a later path poisons the call (no single map).
     */
    public void recordCallMap(MapDef map) {
        Integer prev = callMaps.putIfAbsent(insnIdx, map.index());
        if (prev != null && prev != map.index()) {
            callMaps.put(insnIdx, POISONED);
        }
    }

    /** The helper calls bound to one map on every path: instruction index to map index. */
    public Map<Integer, Integer> callMaps() {
        Map<Integer, Integer> out = new HashMap<>();
        callMaps.forEach((insn, map) -> {
            if (map != POISONED) {
                out.put(insn, map);
            }
        });
        return out;
    }

    public int newId() {
        return ++idGen;
    }

    public RawInsn insn(int idx) {
        return insns.get(idx);
    }
}
