package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.isa.Insn;
import org.rqbpf.program.FunctionInfo;

/**
 * The instructions of one program body or subprogram, as assembled before linking. A body is filled
 * while its statements are parsed, in two phases: first every instruction is appended by index, with
 * those that name a map, global or function left as {@link Deferred} placeholders (the name may be
 * declared further down the file); once they are resolved, {@link #seal()} lays the instructions out
 * in slots. Jumps to labels and calls of subprograms are recorded as fixups, patched once all labels
 * and images are known.
 */
final class Body {
    /** A jump at instruction {@code insn} whose target is a label of this body. */
    record JumpFixup(int insn, Token label) {}

    /** A BPF-to-BPF call at instruction {@code insn} of the named subprogram. */
    record CallFixup(int insn, String callee, Token at) {}

    /**
     * An instruction whose meaning depends on a top-level name: a 64-bit load of a map or global
     * variable into {@code dst} ({@code ll} false when the source left out the load's {@code ll}, an
     * error reported once the name's kind is known), or, when {@code dst} is null, a call by name.
     */
    record Deferred(int insn, Token name, Operands.Reg dst, boolean ll) {}

    final String name;
    final FunctionInfo.Kind kind;
    final Token nameToken;
    /** The instructions in order; null where a deferred instruction did not resolve. */
    final List<Insn> insns = new ArrayList<>();
    /** The source position of each instruction. */
    final SourcePositions positions;
    /** Label name to the index of the instruction it precedes; the body's own name labels index 0. */
    final Map<String, Integer> labels = new LinkedHashMap<>();
    final List<JumpFixup> jumps = new ArrayList<>();
    final List<CallFixup> calls = new ArrayList<>();
    final List<Deferred> deferred = new ArrayList<>();
    /** Whether the body has an instruction statement, assembled or not. */
    boolean hasInstructions;
    /** The errors reported while the body's statements were assembled (deferred ones not included). */
    int streamedErrors;
    private int[] slotStarts;

    Body(String name, FunctionInfo.Kind kind, Token nameToken, String file) {
        this.name = name;
        this.kind = kind;
        this.nameToken = nameToken;
        this.positions = new SourcePositions(file, 16);
        labels.put(name, 0);
    }

    /** Appends an instruction that starts at token {@code start}; returns its index. */
    int add(Insn insn, Token start) {
        insns.add(insn);
        positions.append(start);
        return insns.size() - 1;
    }

    /** Appends a placeholder for an instruction that names a map, global or function. */
    void defer(Token name, Operands.Reg dst, boolean ll, Token start) {
        deferred.add(new Deferred(add(null, start), name, dst, ll));
    }

    /** Defines a label before the next instruction; false when the body already has one of that name. */
    boolean label(String label) {
        return labels.putIfAbsent(label, insns.size()) == null;
    }

    /** Lays out the instructions in slots; call after the deferred instructions are resolved. */
    void seal() {
        slotStarts = new int[insns.size() + 1];
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            slotStarts[i + 1] = slotStarts[i] + (insn == null ? 0 : insn.slots());
        }
    }

    int slots() {
        return slotStarts[insns.size()];
    }

    /** The slot of instruction {@code insn}; {@code insns.size()} gives the end of the body. */
    int slotOf(int insn) {
        return slotStarts[insn];
    }

    /** The slot a label points at, or null when the body has no such label. */
    Integer labelSlot(String label) {
        Integer insn = labels.get(label);
        return insn == null ? null : slotStarts[insn];
    }

    /** Appends the source position of every slot to {@code out}. */
    void appendSlotPositions(SourcePositions out) {
        for (int i = 0; i < insns.size(); i++) {
            out.append(positions, i, slotStarts[i + 1] - slotStarts[i]);
        }
    }

    /** Slot to the first label defined at it, the body's own name included. */
    Map<Integer, String> labelsBySlot() {
        Map<Integer, String> out = new HashMap<>();
        for (Map.Entry<String, Integer> l : labels.entrySet()) {
            out.putIfAbsent(slotStarts[l.getValue()], l.getKey());
        }
        return out;
    }
}
