package org.rqbpf.runtime.fuzz;

/**
 * Something the fuzzer found: what kind, the case (seed, source, input) and the details, rendered so
 * that it can be reproduced with {@code rqbpf fuzz --seed SEED --count 1} (the source and the input are
 * functions of the seed alone).
 */
public record Finding(Kind kind, FuzzCase fuzzCase, String detail) {
    public enum Kind {
        /** A verified program faulted at run time (a runtime memory check failed). */
        VERIFIER_ESCAPE,
        /** The interpreter and the JIT differ in r0, trace log, error stream, fault, maps, ctx or packet. */
        DISAGREEMENT,
        /** The verifier or a run did not finish in time. */
        HANG,
        /** An unexpected exception: an internal error of the assembler, verifier, loader or a back end. */
        CRASH
    }

    /** The report: kind, seed, details, the input as hex and the program's source. */
    public String render() {
        return "== " + kind + " (seed " + fuzzCase.seed() + ")\n" + detail.strip() + "\n"
                + "reproduce: rqbpf fuzz --seed " + fuzzCase.seed() + " --count 1\n"
                + "ctx: " + hex(fuzzCase.ctx()) + "\npacket (" + fuzzCase.packet().length + " bytes): "
                + hex(fuzzCase.packet()) + "\n"
                + "source:\n" + fuzzCase.source();
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
