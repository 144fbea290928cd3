package org.rqbpf.hostbpf;

import org.rqbpf.abi.ProgramType;
import org.rqbpf.program.BpfProgram;

/**
 * How libbpf turns a {@code SEC()} name into {@code BPF_PROG_LOAD} attributes: the program type (from
 * the program model), the expected attach type, and the flags ({@code BPF_F_SLEEPABLE} for sleepable
 * sections such as {@code syscall} and {@code *.s/}).
 */
final class SectionDefs {
    static final int BPF_XDP = 37;
    static final int BPF_F_SLEEPABLE = 1 << 4;

    private SectionDefs() {}

    record Attrs(int progType, int expectedAttachType, int flags) {}

    static Attrs of(BpfProgram p) {
        String sec = p.section().startsWith("?") ? p.section().substring(1) : p.section();
        int attach = sec.equals("xdp") || sec.startsWith("xdp/") ? BPF_XDP : 0;
        return new Attrs(p.type().id(), attach, ProgramType.isSleepableSection(sec) ? BPF_F_SLEEPABLE : 0);
    }
}
