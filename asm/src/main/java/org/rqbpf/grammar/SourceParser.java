package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses a file with the two-stage strategy ANTLR recommends for speed: SLL prediction with a bailing
 * error strategy first, and full LL only when that fails. A real syntax error is reported once, at its
 * token, and the statement or declaration that holds it is then hidden from the parser and the file
 * parsed again, so every broken line of a file is reported without the cascades of token-level recovery.
 *
 * <p>Every attempt streams body statements into a {@link BodyStreamer}. The first attempt, which
 * succeeds for any valid file that SLL can parse, reads unbuffered tokens, so that neither the tokens
 * nor the tree of a large file are ever held whole; the later ones buffer the tokens, which error
 * recovery edits.
 */
final class SourceParser {
    /** Stops reporting after this many syntax errors (each costs a reparse). */
    static final int MAX_SYNTAX_ERRORS = 50;

    private SourceParser() {}

    /** The parse tree of the file's valid parts; syntax errors go to {@code diags}. */
    static BpfParser.FileContext parse(String text, Diagnostics diags, BodyStreamer bodies) {
        BpfParser.FileContext file = trySll(new UnbufferedTokenStream<>(lexer(text, diags)), diags, bodies);
        if (file != null) {
            return file;
        }
        CommonTokenStream tokens = new CommonTokenStream(lexer(text, diags));
        tokens.fill();
        for (int errors = 0; ; errors++) {
            // Until a line is hidden, SLL fails on these tokens just as it did on the unbuffered ones.
            if (errors > 0) {
                tokens.seek(0);
                file = trySll(tokens, diags, bodies);
                if (file != null) {
                    return file;
                }
            }
            tokens.seek(0);
            int mark = diags.mark();
            BpfParser parser = newParser(tokens, PredictionMode.LL, bodies);
            try {
                return parser.file();
            } catch (ParseCancellationException e) {
                diags.rollback(mark);
                RecognitionException re = e.getCause() instanceof RecognitionException r ? r : null;
                Token at = re != null && re.getOffendingToken() != null ? re.getOffendingToken() : tokens.LT(1);
                if (errors == MAX_SYNTAX_ERRORS) {
                    diags.error(at, "too many errors; stopping");
                    return null;
                }
                Token mnemonic = unknownInstruction(re, tokens);
                if (mnemonic != null) {
                    diags.error(mnemonic, "unknown instruction '" + mnemonic.getText() + "'");
                    hideLines(tokens, mnemonic.getTokenIndex(), mnemonic.getTokenIndex());
                    continue;
                }
                report(re, at, parser, tokens, diags);
                if (at.getType() == Token.EOF) {
                    return null;
                }
                hide(tokens, re, at);
            }
        }
    }

    /** A whole-file SLL parse, or null, leaving no errors behind, when SLL cannot parse the file. */
    private static BpfParser.FileContext trySll(TokenStream tokens, Diagnostics diags, BodyStreamer bodies) {
        int mark = diags.mark();
        try {
            return newParser(tokens, PredictionMode.SLL, bodies).file();
        } catch (ParseCancellationException e) {
            diags.rollback(mark);
            return null;
        }
    }

    private static BpfLexer lexer(String text, Diagnostics diags) {
        BpfLexer lexer = new BpfLexer(CharStreams.fromString(text, diags.file()));
        lexer.removeErrorListeners();
        return lexer;
    }

    private static BpfParser newParser(TokenStream tokens, PredictionMode mode, BodyStreamer bodies) {
        bodies.reset();
        BpfParser parser = new StreamingParser(tokens, bodies);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(mode);
        return parser;
    }

    private static void report(RecognitionException re, Token at, BpfParser parser, CommonTokenStream tokens,
            Diagnostics diags) {
        switch (at.getType()) {
            case BpfLexer.UNTERMINATED_COMMENT -> diags.error(at, "unterminated comment");
            case BpfLexer.UNTERMINATED_STRING -> diags.error(at, "unterminated string literal");
            case BpfLexer.STRAY -> diags.error(at, "stray " + describeChar(at.getText()) + " in program");
            default -> unexpected(re, at, parser, tokens, diags);
        }
    }

    /**
     * Reports an unexpected token. One that starts a line usually means that the line before it is
     * incomplete, so the error goes to the end of that line, where the missing part belongs.
     */
    private static void unexpected(RecognitionException re, Token at, BpfParser parser, CommonTokenStream tokens,
            Diagnostics diags) {
        String expected = expected(re, parser);
        ParserRuleContext holder = holder(re);
        if (holder instanceof BpfParser.ItemContext item && item.program() != null && item.program().RPAREN() != null
                && item.program().COLON() == null && !(re.getCtx() instanceof BpfParser.AnnotationContext)) {
            BpfParser.ProgramContext program = item.program();
            diags.error(program.getStart(), "SEC(" + program.STRING().getText() + ") must be followed by the program's label ('NAME:')");
            return;
        }
        Token prev = at.getTokenIndex() > 0 ? previousVisible(tokens, at.getTokenIndex()) : null;
        boolean lineEnded = prev != null && prev.getLine() < at.getLine();
        if (lineEnded && holder instanceof BpfParser.StmtContext && holder.getStart().getLine() == prev.getLine()
                && !firstOnLine(tokens, holder.getStart().getTokenIndex())) {
            // A second statement on the line (`r1 += r2 r3`) that never became one.
            diags.error(holder.getStart(), "unexpected '" + holder.getStart().getText() + "'");
        } else if (lineEnded && (holder instanceof BpfParser.StmtContext || !expected.isEmpty())) {
            diags.error(diags.after(prev), expected.isEmpty() ? "unexpected end of line after '" + prev.getText() + "'"
                    : "expected " + expected + " after '" + prev.getText() + "'");
        } else if (at.getType() == Token.EOF) {
            diags.error(at, "unexpected end of file" + (expected.isEmpty() ? "" : ", expected " + expected));
        } else {
            diags.error(at, "unexpected '" + at.getText() + "'" + (expected.isEmpty() ? "" : ", expected " + expected));
        }
    }

    /**
     * What could have stood at a mismatched token, in the user's terms ({@code ')'}, {@code a register or
     * a number}), or empty when that is not a short list of things with such names (an ANTLR token type
     * name means nothing to the user; nor does the end of the file the parser expects after a statement).
     */
    private static String expected(RecognitionException re, BpfParser parser) {
        if (!(re instanceof InputMismatchException)) {
            return "";
        }
        IntervalSet set = re.getExpectedTokens();
        if (set == null || set.size() > 3) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (int type : set.toArray()) {
            String name = switch (type) {
                case BpfLexer.REG -> "a register";
                case BpfLexer.NUMBER -> "a number";
                case BpfLexer.ID, BpfLexer.LOCK -> "a name";
                case BpfLexer.STRING -> "a string";
                case BpfLexer.CMP -> "a comparison";
                case BpfLexer.ALU_ASSIGN -> "an operator such as '+='";
                default -> parser.getVocabulary().getLiteralName(type);
            };
            if (name == null) {
                return "";
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return String.join(" or ", names);
    }

    private static Token previousVisible(CommonTokenStream tokens, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (tokens.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                return tokens.get(i);
            }
        }
        return null;
    }

    /**
     * The word that starts a line which is neither a statement nor a declaration ({@code mov r0, 1}):
     * the body loop finds no alternative at it, or ANTLR, which prefers leaving the body, fails one token
     * into what it took for a global variable. Null for other errors.
     */
    private static Token unknownInstruction(RecognitionException re, CommonTokenStream tokens) {
        if (re == null || re.getCtx() == null) {
            return null;
        }
        ParserRuleContext ctx = (ParserRuleContext) re.getCtx();
        Token start = null;
        if (ctx instanceof BpfParser.BodyContext && re instanceof NoViableAltException nv) {
            start = nv.getStartToken();
        } else {
            for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
                if (c instanceof BpfParser.GlobalVarContext g) {
                    start = g.getStart();
                    break;
                }
            }
            if (start == null || re.getOffendingToken() == null
                    || re.getOffendingToken().getTokenIndex() != nextVisible(tokens, start.getTokenIndex())) {
                return null;
            }
        }
        return start != null && start.getType() == BpfLexer.ID ? start : null;
    }

    private static int nextVisible(CommonTokenStream tokens, int index) {
        int i = index + 1;
        while (i < tokens.size() && tokens.get(i).getChannel() != Token.DEFAULT_CHANNEL) {
            i++;
        }
        return i;
    }

    /** Hides the statement or declaration holding the error, through the line of the offending token. */
    private static void hide(CommonTokenStream tokens, RecognitionException re, Token at) {
        int from = at.getTokenIndex();
        int to = at.getTokenIndex();
        ParserRuleContext holder = holder(re);
        if (holder != null && holder.getStart() != null && holder.getStart().getTokenIndex() < from
                && holder.getStart().getType() != Token.EOF) {
            from = holder.getStart().getTokenIndex();
        }
        if (holder instanceof BpfParser.ItemContext ic) {
            boolean declaration = ic.structDef() != null || ic.mapDef() != null || ic.globalVar() != null;
            to = declaration ? endOfDeclaration(tokens, from, to) : beforeNextItem(tokens, to);
        } else if (holder != null && to > from && firstOnLine(tokens, to)) {
            // The statement lacks its end: the offending token starts the next statement, which stays.
            to--;
        }
        hideLines(tokens, from, to);
    }

    /** Hides every token on the lines of tokens {@code from} through {@code to}. */
    private static void hideLines(CommonTokenStream tokens, int from, int to) {
        int firstLine = tokens.get(from).getLine();
        int lastLine = tokens.get(to).getLine();
        while (from > 0 && tokens.get(from - 1).getLine() >= firstLine) {
            from--;
        }
        while (to + 1 < tokens.size() && tokens.get(to + 1).getType() != Token.EOF && tokens.get(to + 1).getLine() <= lastLine) {
            to++;
        }
        for (int i = from; i <= to; i++) {
            Token t = tokens.get(i);
            if (t.getType() != Token.EOF) {
                ((CommonToken) t).setChannel(Token.HIDDEN_CHANNEL);
            }
        }
    }

    /** The innermost statement, or else the innermost top-level item, around the error. */
    private static ParserRuleContext holder(RecognitionException re) {
        if (re == null || re.getCtx() == null) {
            return null;
        }
        ParserRuleContext item = null;
        for (ParserRuleContext c = (ParserRuleContext) re.getCtx(); c != null; c = c.getParent()) {
            if (c instanceof BpfParser.StmtContext) {
                return c;
            }
            if (c instanceof BpfParser.ItemContext && item == null) {
                item = c;
            }
        }
        return item;
    }

    /** A broken program header takes its body with it: the last token before the next item's keyword. */
    private static int beforeNextItem(CommonTokenStream tokens, int from) {
        for (int i = from + 1; i < tokens.size(); i++) {
            int type = tokens.get(i).getType();
            if (type == Token.EOF || ((type == BpfLexer.SEC || type == BpfLexer.STRUCT || type == BpfLexer.STATIC
                    || type == BpfLexer.GLOBAL) && firstOnLine(tokens, i))) {
                return i - 1;
            }
        }
        return from;
    }

    private static boolean firstOnLine(CommonTokenStream tokens, int index) {
        for (int i = index - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t.getLine() < tokens.get(index).getLine();
            }
        }
        return true;
    }

    /** The index of the {@code ;} that ends the declaration starting at {@code from} (brace depth 0). */
    private static int endOfDeclaration(CommonTokenStream tokens, int from, int atLeast) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            int type = tokens.get(i).getType();
            if (type == Token.EOF) {
                return Math.max(atLeast, i - 1);
            } else if (type == BpfLexer.LBRACE) {
                depth++;
            } else if (type == BpfLexer.RBRACE) {
                depth--;
            } else if (type == BpfLexer.SEMI && depth <= 0 && i >= atLeast) {
                return i;
            }
        }
        return atLeast;
    }

    private static String describeChar(String text) {
        char c = text.charAt(0);
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("'\\u%04x'", (int) c);
    }
}
