package org.rqbpf.runtime;

import org.rqbpf.isa.InsnTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;

/**
 * The bytecode a back end executes: a program's image (body, then its subprograms) with the function
 * table used to name frames in faults and call traces.
 *
 * <p>{@code frameBytes} says how much of each function's 512-byte frame a run zeroes on entry (the top
 * bytes, those nearest the frame pointer). The verifier rejects reads of stack a program has not written,
 * and records per function the deepest offset any access (its own, or a helper's through a pointer) may
 * reach; a verified program therefore never observes the bytes below that depth, and zeroing them would
 * only cost time. Unverified programs may read anything, so they get the whole frame zeroed.
 *
 * @param name the program's name
 * @param insns one entry per 8-byte slot
 * @param functions the functions of the image; element 0 is the body
 * @param verified whether the verifier accepted it (faults are then verifier escapes)
 * @param frameBytes per function: bytes at the top of its frame zeroed on entry, a multiple of 8 in
 *     [0, {@link InsnTable#STACK_SIZE}]
 * @param callMaps helper calls the verifier proved to take one map on every path: instruction index to
 *     map index, for {@link Linker#helperFor} (empty for an unverified image)
 */
public record ProgramImage(String name, List<RawInsn> insns, List<FunctionInfo> functions, boolean verified,
        List<Integer> frameBytes, Map<Integer, Integer> callMaps) {
    public ProgramImage {
        insns = List.copyOf(insns);
        functions = List.copyOf(functions);
        frameBytes = List.copyOf(frameBytes);
        callMaps = Map.copyOf(callMaps);
        if (!verified && !callMaps.isEmpty()) {
            throw new IllegalArgumentException("an unverified image binds no call to a map");
        }
        if (frameBytes.size() != functions.size()) {
            throw new IllegalArgumentException(frameBytes.size() + " frame sizes for " + functions.size() + " functions");
        }
        for (int b : frameBytes) {
            if (b < 0 || b > InsnTable.STACK_SIZE || b % 8 != 0) {
                throw new IllegalArgumentException("frame bytes " + b + " not a multiple of 8 in [0, "
                        + InsnTable.STACK_SIZE + "]");
            }
        }
    }

    /** An image whose every frame is zeroed whole. */
    public ProgramImage(String name, List<RawInsn> insns, List<FunctionInfo> functions, boolean verified) {
        this(name, insns, functions, verified, wholeFrames(functions.size()), Map.of());
    }

    /** The linker's function for the helper call at {@code pc}, bound to its map where {@link #callMaps} has one. */
    public NativeFunction helperAt(int pc, Linker linker) {
        Integer map = callMaps.get(pc);
        return map == null ? linker.helper(insns.get(pc).imm()) : linker.helperFor(insns.get(pc).imm(), map);
    }

    /** The image of a program of a file; every frame is zeroed whole. */
    public static ProgramImage of(BpfProgram p, boolean verified) {
        return new ProgramImage(p.name(), p.insns(), p.functions(), verified);
    }

    /**
     * The image of a verified program of a file, zeroing only the stack depth the verifier proved each
     * function uses ({@code stackDepths}: one per function, main first), rounded up to 8 bytes, and binding
     * the helper calls of {@code callMaps} to their maps.
     */
    public static ProgramImage verified(BpfProgram p, List<Integer> stackDepths, Map<Integer, Integer> callMaps) {
        List<Integer> bytes = new ArrayList<>(stackDepths.size());
        for (int d : stackDepths) {
            bytes.add(Math.min(InsnTable.STACK_SIZE, (Math.max(0, d) + 7) & ~7));
        }
        return new ProgramImage(p.name(), p.insns(), p.functions(), true, bytes, callMaps);
    }

    /** A single-function image (conformance programs, tests); its frame is zeroed whole. */
    public static ProgramImage single(String name, List<RawInsn> insns, boolean verified) {
        return new ProgramImage(name, insns, List.of(new FunctionInfo(name, 0, insns.size(), FunctionInfo.Kind.MAIN)),
                verified);
    }

    private static List<Integer> wholeFrames(int functions) {
        List<Integer> out = new ArrayList<>(functions);
        for (int i = 0; i < functions; i++) {
            out.add(InsnTable.STACK_SIZE);
        }
        return out;
    }

    /**
     * Bytes to zero at the top of the frame of a call entering slot {@code entry}: the function's
     * {@link #frameBytes} when a function starts there in a verified image, else the whole frame (only
     * an unverified program can call into the middle of a function).
     */
    public int frameBytesAt(int entry) {
        if (!verified) {
            return InsnTable.STACK_SIZE;
        }
        for (int i = 0; i < functions.size(); i++) {
            if (functions.get(i).start() == entry) {
                return frameBytes.get(i);
            }
        }
        return InsnTable.STACK_SIZE;
    }

    /** {@code name+index} of slot {@code idx}: the containing function and the slot's index inside it. */
    public String location(int idx) {
        for (FunctionInfo f : functions) {
            if (idx >= f.start() && idx < f.end()) {
                return f.name() + "+" + (idx - f.start());
            }
        }
        return name + "+" + idx;
    }

    /**
     * Why a jump from {@code pc} to slot {@code target} cannot run, in the verifier's words, or null when
     * it can: both back ends report bad targets of unverified programs the same way.
     */
    public String jumpTargetError(int pc, long target) {
        if (target < 0 || target >= insns.size()) {
            return "jump out of range from insn " + pc + " to " + target;
        }
        if (target > 0 && insns.get((int) target - 1).isLdImm64()) {
            return "jump into the middle of ldimm64 insn " + (target - 1);
        }
        return null;
    }
}
