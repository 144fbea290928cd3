package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.isa.Insn;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.SourcePos;

/**
 * The instructions of one program body or subprogram, as assembled before linking: jumps to labels
 * and calls of subprograms are recorded as fixups and patched once all labels and images are known.
 */
final class Body {
    /** A jump whose target is a label of this body. */
    record JumpFixup(int insn, int slot, Token label) {}

    /** A BPF-to-BPF call of the named subprogram. */
    record CallFixup(int slot, String callee, Token at) {}

    final String name;
    final FunctionInfo.Kind kind;
    final Token nameToken;
    final List<Insn> insns = new ArrayList<>();
    final List<SourcePos> positions = new ArrayList<>();
    final List<Integer> insnSlots = new ArrayList<>();
    final Map<String, Integer> labels = new HashMap<>();
    final Map<Integer, String> labelAt = new HashMap<>();
    final List<JumpFixup> jumps = new ArrayList<>();
    final List<CallFixup> calls = new ArrayList<>();
    int slots;

    Body(String name, FunctionInfo.Kind kind, Token nameToken) {
        this.name = name;
        this.kind = kind;
        this.nameToken = nameToken;
    }

    /** Appends an instruction; returns its slot index. */
    int add(Insn insn, SourcePos pos) {
        int slot = slots;
        insns.add(insn);
        insnSlots.add(slot);
        for (int i = 0; i < insn.slots(); i++) {
            positions.add(pos);
        }
        slots += insn.slots();
        return slot;
    }
}
