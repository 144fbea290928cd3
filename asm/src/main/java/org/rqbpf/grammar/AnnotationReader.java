package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.Annotations;

/** Reads the test annotations between a program's {@code SEC} and its label. */
final class AnnotationReader {
    /** Annotations a program may carry once; {@code __msg} and {@code __not_msg} may repeat. */
    private static final Set<String> SINGLE_VALUED = Set.of("__retval", "__retval_unpriv", "__description", "__log_level");

    private final Diagnostics diags;

    AnnotationReader(Diagnostics diags) {
        this.diags = diags;
    }

    Annotations read(List<BpfParser.AnnotationContext> list) {
        if (list.isEmpty()) {
            return Annotations.NONE;
        }
        Annotations.Verdict verdict = null;
        List<Annotations.Message> messages = new ArrayList<>();
        Long retval = null;
        String description = null;
        Integer logLevel = null;
        Annotations.Verdict unprivVerdict = null;
        List<Annotations.Message> unprivMessages = new ArrayList<>();
        Long unprivRetval = null;
        boolean unpriv = false;
        Set<String> seen = new HashSet<>();
        for (BpfParser.AnnotationContext a : list) {
            Token name = a.name().getStart();
            Token arg = a.STRING() != null ? a.STRING().getSymbol() : a.NUMBER() != null ? a.NUMBER().getSymbol() : null;
            if (SINGLE_VALUED.contains(name.getText()) && !seen.add(name.getText())) {
                diags.error(name, "duplicate " + name.getText() + " (a program has at most one)");
                continue;
            }
            switch (name.getText()) {
                case "__success", "__failure" -> {
                    if (noArg(name, arg)) {
                        Annotations.Verdict v = name.getText().equals("__success") ? Annotations.Verdict.SUCCESS
                                : Annotations.Verdict.FAILURE;
                        if (verdict != null && verdict != v) {
                            diags.error(name, "a program cannot be both __success and __failure");
                        }
                        verdict = v;
                    }
                }
                case "__success_unpriv", "__failure_unpriv" -> {
                    unpriv = true;
                    if (noArg(name, arg)) {
                        Annotations.Verdict v = name.getText().equals("__success_unpriv") ? Annotations.Verdict.SUCCESS
                                : Annotations.Verdict.FAILURE;
                        if (unprivVerdict != null && unprivVerdict != v) {
                            diags.error(name, "a program cannot be both __success_unpriv and __failure_unpriv");
                        }
                        unprivVerdict = v;
                    }
                }
                case "__msg_unpriv", "__not_msg_unpriv" -> {
                    unpriv = true;
                    if (stringArg(name, arg)) {
                        Annotations.Message m = new Annotations.Message(Strings.value(arg.getText()),
                                name.getText().equals("__not_msg_unpriv"), diags.pos(arg));
                        if (validPattern(m, arg)) {
                            unprivMessages.add(m);
                        }
                    }
                }
                case "__retval_unpriv" -> {
                    unpriv = true;
                    Numbers.Num n = numberArg(name, arg);
                    if (n != null) {
                        unprivRetval = n.bits();
                    }
                }
                case "__msg", "__not_msg" -> {
                    if (stringArg(name, arg)) {
                        Annotations.Message m = new Annotations.Message(Strings.value(arg.getText()),
                                name.getText().equals("__not_msg"), diags.pos(arg));
                        if (validPattern(m, arg)) {
                            messages.add(m);
                        }
                    }
                }
                case "__description" -> {
                    if (stringArg(name, arg)) {
                        description = Strings.value(arg.getText());
                    }
                }
                case "__retval" -> {
                    Numbers.Num n = numberArg(name, arg);
                    if (n != null) {
                        retval = n.bits();
                    }
                }
                case "__log_level" -> {
                    Numbers.Num n = numberArg(name, arg);
                    if (n != null && n.within(0, 15)) {
                        logLevel = (int) n.bits();
                    } else if (n != null) {
                        diags.error(arg, "log level " + arg.getText() + " out of range (0 to 15)");
                    }
                }
                default -> diags.error(name, "unknown annotation '" + name.getText() + "'");
            }
        }
        Annotations.Unpriv u = !unpriv ? null : new Annotations.Unpriv(unprivVerdict != null ? unprivVerdict : verdict,
                unprivMessages.isEmpty() ? List.copyOf(messages) : List.copyOf(unprivMessages),
                unprivRetval != null ? unprivRetval : retval);
        return new Annotations(verdict, List.copyOf(messages), retval, description, logLevel, u);
    }

    private boolean validPattern(Annotations.Message m, Token arg) {
        try {
            m.pattern();
            return true;
        } catch (PatternSyntaxException e) {
            diags.error(arg, "invalid {{regex}} in " + (m.negated() ? "__not_msg" : "__msg") + ": " + e.getDescription());
            return false;
        }
    }

    private boolean noArg(Token name, Token arg) {
        if (arg != null) {
            diags.error(arg, name.getText() + " takes no argument");
            return false;
        }
        return true;
    }

    private boolean stringArg(Token name, Token arg) {
        if (arg == null || arg.getType() != BpfLexer.STRING) {
            diags.error(arg == null ? name : arg, name.getText() + " needs a string argument: " + name.getText() + "(\"...\")");
            return false;
        }
        return true;
    }

    private Numbers.Num numberArg(Token name, Token arg) {
        if (arg == null || arg.getType() != BpfLexer.NUMBER) {
            diags.error(arg == null ? name : arg, name.getText() + " needs a number argument: " + name.getText() + "(N)");
            return null;
        }
        Numbers.Num n = Numbers.parse(arg.getText());
        if (n == null) {
            diags.error(arg, name.getText() + " value " + arg.getText() + " out of range (64 bits)");
        }
        return n;
    }
}
