package org.rqbpf.grammar;

import java.util.HashMap;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.FunctionInfo;

/**
 * Assembles each statement of a program or subprogram body as soon as the parser has matched it
 * ({@link StreamingParser} reports rule entries and exits), then removes the statement's subtree
 * from the tree. A large file thus never holds more than one statement's tree: the parse tree keeps
 * declarations and program headers, and each body's context stays, empty, as the key of its
 * assembled {@link Body}.
 *
 * <p>A parse that bails out unwinds through every open rule's exit; those exits carry the exception
 * and are ignored. The parser is then run again, so {@link #reset} starts each attempt afresh.
 */
final class BodyStreamer {
    private final Diagnostics diags;
    private final InsnAssembler insns;
    private final Map<BpfParser.BodyContext, Body> bodies = new HashMap<>();
    private Body current;
    private int errorsAtStart;
    private int streamedErrors;

    BodyStreamer(Diagnostics diags, InsnAssembler insns) {
        this.diags = diags;
        this.insns = insns;
    }

    /** Forgets the bodies of a failed parse attempt. */
    void reset() {
        bodies.clear();
        current = null;
        streamedErrors = 0;
    }

    /** The assembled body of a body context of the last parse. */
    Body body(BpfParser.BodyContext ctx) {
        return bodies.get(ctx);
    }

    /** The errors reported while assembling the statements of all bodies of the last parse. */
    int streamedErrors() {
        return streamedErrors;
    }

    void enterBody(BpfParser.BodyContext ctx) {
        Token name;
        FunctionInfo.Kind kind;
        if (ctx.getParent() instanceof BpfParser.SubprogramContext s) {
            name = s.name().getStart();
            kind = s.STATIC() != null ? FunctionInfo.Kind.STATIC : FunctionInfo.Kind.GLOBAL;
        } else {
            name = ((BpfParser.ProgramContext) ctx.getParent()).name().getStart();
            kind = FunctionInfo.Kind.MAIN;
        }
        current = new Body(name.getText(), kind, name, diags.file());
        errorsAtStart = diags.mark();
    }

    void exitRule(ParserRuleContext ctx) {
        if (ctx.exception != null) {
            return;
        }
        if (ctx instanceof BpfParser.StmtContext stmt) {
            statement(stmt);
            ctx.getParent().removeLastChild();
        } else if (ctx instanceof BpfParser.BodyContext b) {
            current.streamedErrors = diags.mark() - errorsAtStart;
            streamedErrors += current.streamedErrors;
            bodies.put(b, current);
            current = null;
        }
    }

    private void statement(BpfParser.StmtContext stmt) {
        if (stmt instanceof BpfParser.LabelContext l) {
            Token label = l.name().getStart();
            if (!current.label(label.getText())) {
                diags.error(label, "duplicate label '" + label.getText() + "' in '" + current.name + "'");
            }
        } else {
            current.hasInstructions = true;
            insns.assemble(((BpfParser.InstructionContext) stmt).insn(), current);
        }
    }
}
