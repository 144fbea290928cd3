package org.rqbpf.isa;

/** The operand width of an ALU or jump instruction: the 32-bit ({@code w}) or 64-bit ({@code r}) view. */
public enum Width {
    W32('w'),
    W64('r');

    private final char regPrefix;

    Width(char regPrefix) {
        this.regPrefix = regPrefix;
    }

    /** The register spelling of this width, e.g. {@code w3}. */
    public String reg(int r) {
        return regPrefix + Integer.toString(r);
    }
}
