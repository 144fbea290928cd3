package org.rqbpf.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation through {@link Main#execute} with captured streams. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
