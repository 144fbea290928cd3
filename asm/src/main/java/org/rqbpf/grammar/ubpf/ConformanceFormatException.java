package org.rqbpf.grammar.ubpf;

import java.io.IOException;

/** A conformance test file that does not follow the format: {@code file:line: message}. */
public final class ConformanceFormatException extends IOException {
    public ConformanceFormatException(String message) {
        super(message);
    }
}
