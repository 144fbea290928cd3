package org.rqbpf.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;

/** Test helpers: assemble instructions inside a one-program file that declares a map and a global. */
public final class Asm {
    /** Declares map index 0 ({@code m}) and the {@code .data} map index 1 holding {@code pad} then {@code g}. */
    public static final String PREAMBLE = """
            struct {
            	__uint(type, BPF_MAP_TYPE_HASH);
            	__uint(max_entries, 4);
            	__type(key, u32);
            	__type(value, u64);
            } m SEC(".maps");
            u32 pad SEC(".data");
            u64 g SEC(".data");
            static sub:
            	r0 = 0
            	exit
            SEC("tc")
            p:
            """;

    private Asm() {}

    public static Program ok(String fileName, String text) {
        Assembly a = Assembler.assemble(fileName, text);
        assertTrue(a.ok(), () -> "unexpected errors:\n" + a.renderErrors());
        return a.program();
    }

    /** The slots of program {@code p} for the given instruction lines (an {@code exit} is appended). */
    public static List<RawInsn> body(String lines) {
        BpfProgram p = ok("t.bpf", PREAMBLE + lines + "\n\texit\n").program("p").orElseThrow();
        return p.insns().subList(0, p.functions().get(0).end() - 1);
    }
}
