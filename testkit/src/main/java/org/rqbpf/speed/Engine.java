package org.rqbpf.speed;

/** Where a benchmarked program runs: rqbpf's JIT, rqbpf's interpreter, or the host Linux kernel's JIT. */
public enum Engine {
    JIT("jit"),
    INTERP("interp"),
    LINUX("linux");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    /** The name in reports and JSON ({@code jit}, {@code interp}, {@code linux}). */
    public String label() {
        return label;
    }
}
