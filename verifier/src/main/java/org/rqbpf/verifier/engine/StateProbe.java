package org.rqbpf.verifier.engine;

import org.rqbpf.verifier.state.VState;

/** Sees the verifier state before an instruction is executed, once per path that reaches it unpruned. */
@FunctionalInterface
public interface StateProbe {
    /** {@code st} must not be kept or changed: copy what is needed. */
    void before(int insn, VState st);
}
