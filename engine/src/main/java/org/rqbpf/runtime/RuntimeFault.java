package org.rqbpf.runtime;

/**
 * The runtime layer's error: a program did something at run time that a verified program never does
 * (a failed memory check, a call to an unknown function, a jump into the middle of an instruction...).
 * It names the program, the instruction and, for memory checks, the address. For a verified program it
 * is a <em>verifier escape</em> ({@link #verifierEscape()}); programs run without the verifier (the
 * conformance runner) fault without that label.
 */
public final class RuntimeFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String program;
    private final int insn;
    private final long address;
    private final boolean hasAddress;
    private final boolean verifierEscape;

    private RuntimeFault(String program, int insn, long address, boolean hasAddress, boolean verifierEscape,
            String reason, Throwable cause) {
        super(render(program, insn, address, hasAddress, verifierEscape, reason), cause);
        this.program = program;
        this.insn = insn;
        this.address = address;
        this.hasAddress = hasAddress;
        this.verifierEscape = verifierEscape;
    }

    /** A failed memory check at {@code address}. */
    public static RuntimeFault memory(String program, int insn, long address, boolean verified, String reason,
            Throwable cause) {
        return new RuntimeFault(program, insn, address, true, verified, reason, cause);
    }

    /** Any other fault of instruction {@code insn}. */
    public static RuntimeFault at(String program, int insn, boolean verified, String reason) {
        return new RuntimeFault(program, insn, 0, false, verified, reason, null);
    }

    private static String render(String program, int insn, long address, boolean hasAddress, boolean escape,
            String reason) {
        StringBuilder sb = new StringBuilder("runtime fault in program '").append(program).append("' at insn ")
                .append(insn);
        if (hasAddress) {
            sb.append(String.format(", address 0x%016x", address));
        }
        sb.append(": ").append(reason);
        if (escape) {
            sb.append(" (verifier escape)");
        }
        return sb.toString();
    }

    /** Name of the faulting program. */
    public String program() {
        return program;
    }

    /** Index of the faulting instruction slot in the program's image. */
    public int insn() {
        return insn;
    }

    /** The faulting address, when the fault is a memory check. */
    public long address() {
        return address;
    }

    public boolean hasAddress() {
        return hasAddress;
    }

    /** True when the program had been accepted by the verifier. */
    public boolean verifierEscape() {
        return verifierEscape;
    }
}
