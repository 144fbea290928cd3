package org.rqbpf.grammar;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.rqbpf.isa.Insn;

/**
 * Patches jumps to labels with their relative offsets. Labels are local to their body; a jump to a
 * label of another body is an error that says where the label is.
 */
final class LabelResolver {
    private final Diagnostics diags;
    private final List<Body> bodies;

    LabelResolver(Diagnostics diags, List<Body> bodies) {
        this.diags = diags;
        this.bodies = bodies;
    }

    void resolve() {
        for (Body b : bodies) {
            for (Body.JumpFixup j : b.jumps) {
                Token label = j.label();
                Integer target = b.labelSlot(label.getText());
                if (target == null) {
                    undefined(b, label);
                    continue;
                }
                int off = target - (b.slotOf(j.insn()) + 1);
                Insn insn = b.insns.get(j.insn());
                if (insn instanceof Insn.Jump c) {
                    if (fits16(off, label)) {
                        b.insns.set(j.insn(), new Insn.Jump(c.width(), c.op(), c.dst(), c.src(), off));
                    }
                } else if (insn instanceof Insn.Goto g) {
                    if (g.wide() || fits16(off, label)) {
                        b.insns.set(j.insn(), new Insn.Goto(g.wide(), off));
                    }
                }
            }
        }
    }

    private boolean fits16(int off, Token label) {
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            diags.error(label, "jump offset " + off + " to '" + label.getText() + "' out of range (-32768 to 32767; use gotol)");
            return false;
        }
        return true;
    }

    private void undefined(Body from, Token label) {
        for (Body other : bodies) {
            if (other != from && other.labels.containsKey(label.getText())) {
                diags.error(label, "label '" + label.getText() + "' belongs to '" + other.name + "', not '" + from.name
                        + "' (labels are local to their body)");
                return;
            }
        }
        diags.error(label, "undefined label '" + label.getText() + "' in '" + from.name + "'");
    }
}
