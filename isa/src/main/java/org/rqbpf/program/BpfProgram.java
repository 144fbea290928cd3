package org.rqbpf.program;

import java.util.List;
import java.util.Map;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.RawInsn;

/**
 * One program of a file: its hook section, annotations and its bytecode image (its body followed by
 * every subprogram it reaches through calls, once each, in order of first call).
 *
 * @param name the label naming the program
 * @param section the {@code SEC} string without a leading {@code ?}, e.g. {@code tc}, {@code kprobe/htab_map_update_elem}
 * @param autoload false when the section was written with a leading {@code ?}
 * @param type the program type of the section
 * @param annotations test annotations
 * @param insns the image, one entry per 8-byte slot (ld_imm64 takes two)
 * @param positions source position of each slot (the second slot of ld_imm64 repeats the first)
 * @param functions the functions of the image; element 0 is the body
 * @param labels slot index to label name, for listings ({@code <label>} after jumps)
 * @param pos where the program's {@code SEC} was written
 * @param lineInfo the image's line-info records in slot order, each function's first slot among them;
 *     empty when the source is the BPF assembly itself (the listing already is the source)
 */
public record BpfProgram(
        String name,
        String section,
        boolean autoload,
        ProgramType type,
        Annotations annotations,
        List<RawInsn> insns,
        List<SourcePos> positions,
        List<FunctionInfo> functions,
        Map<Integer, String> labels,
        SourcePos pos,
        List<LineInfo> lineInfo) {

    /** A program without line info (assembled from {@code .bpf}). */
    public BpfProgram(String name, String section, boolean autoload, ProgramType type, Annotations annotations,
            List<RawInsn> insns, List<SourcePos> positions, List<FunctionInfo> functions, Map<Integer, String> labels,
            SourcePos pos) {
        this(name, section, autoload, type, annotations, insns, positions, functions, labels, pos, List.of());
    }

    /** The function containing slot {@code idx}. */
    public FunctionInfo functionAt(int idx) {
        for (FunctionInfo f : functions) {
            if (idx >= f.start() && idx < f.end()) {
                return f;
            }
        }
        throw new IllegalArgumentException("slot " + idx + " outside the image of " + name);
    }

    /** A name for reports: the description if given, else the program name. */
    public String displayName() {
        return annotations.description() != null ? annotations.description() : name;
    }
}
