package org.rqbpf.runtime;

import java.util.List;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.FunctionInfo;

/**
 * The bytecode a back end executes: a program's image (body, then its subprograms) with the function
 * table used to name frames in faults and call traces.
 *
 * @param name the program's name
 * @param insns one entry per 8-byte slot
 * @param functions the functions of the image; element 0 is the body
 * @param verified whether the verifier accepted it (faults are then verifier escapes)
 */
public record ProgramImage(String name, List<RawInsn> insns, List<FunctionInfo> functions, boolean verified) {
    public ProgramImage {
        insns = List.copyOf(insns);
        functions = List.copyOf(functions);
    }

    /** The image of a program of a file. */
    public static ProgramImage of(BpfProgram p, boolean verified) {
        return new ProgramImage(p.name(), p.insns(), p.functions(), verified);
    }

    /** A single-function image (conformance programs, tests). */
    public static ProgramImage single(String name, List<RawInsn> insns, boolean verified) {
        return new ProgramImage(name, insns, List.of(new FunctionInfo(name, 0, insns.size(), FunctionInfo.Kind.MAIN)),
                verified);
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
}
