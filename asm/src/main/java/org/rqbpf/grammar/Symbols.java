package org.rqbpf.grammar;

import java.util.HashMap;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;

/**
 * The file's top-level names (maps, global variables, programs, subprograms), which share one
 * namespace; struct tags live in {@link TypeTable}.
 */
final class Symbols {
    private final Diagnostics diags;
    private final Map<String, Token> firstDefinition = new HashMap<>();
    final Map<String, MapDef> maps = new HashMap<>();
    final Map<String, GlobalVar> globals = new HashMap<>();
    final Map<String, FunctionInfo.Kind> subprograms = new HashMap<>();
    final Map<String, Token> programs = new HashMap<>();

    Symbols(Diagnostics diags) {
        this.diags = diags;
    }

    /** Claims a name; false (with an error) when the file already defines it. */
    boolean claim(Token name) {
        Token first = firstDefinition.putIfAbsent(name.getText(), name);
        if (first != null) {
            diags.error(name, "redefinition of '" + name.getText() + "' (first defined at line " + first.getLine() + ")");
            return false;
        }
        return true;
    }
}
