package org.rqbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.Program;

/**
 * Post-state tests in the style of PREVAIL's: given a program, the abstract value of a register before
 * an instruction, written as Linux 6.18 prints it at log level 2 for the same program (the expected
 * texts were taken from Linux's log of {@code post-states/post_states.bpf}). They guard the precision
 * of the transfer functions and branch refinements, which verdicts alone do not: a bound lost or
 * widened shows here first.
 */
class PostStateTest {
    private static final Path FILE = Path.of("src", "test", "resources", "post-states", "post_states.bpf");
    private static final Pattern REG = Pattern.compile(" (R\\d+)=(.+?)(?= R\\d+=| fp-?\\d+=| refs=|$)");

    private static Program file;

    @BeforeAll
    static void assemble() throws Exception {
        Assembly a = Assembler.assemble(FILE.toString(), java.nio.file.Files.readString(FILE));
        assertTrue(a.ok(), a.renderErrors());
        file = a.program();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("and_mask", 2, "R0", "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"),
                Arguments.of("or_bits", 2, "R0", "scalar(smin=umin=umin32=256,smax=umax=0xffffffff,smin32=0x80000100,var_off=(0x100; 0xfffffeff))"),
                Arguments.of("lsh_u32", 2, "R0", "scalar(smin=0,smax=umax=0xffffffff00,smax32=0x7fffff00,umax32=0xffffff00,var_off=(0x0; 0xffffffff00))"),
                Arguments.of("rsh_unknown", 2, "R0", "scalar(smin=0,smax=umax=0xfffffffff,var_off=(0x0; 0xfffffffff))"),
                Arguments.of("arsh_unknown", 2, "R0", "scalar(smin=smin32=-8,smax=smax32=7)"),
                Arguments.of("add_bounded", 3, "R0", "scalar(smin=umin=smin32=umin32=10,smax=umax=smax32=umax32=265,var_off=(0x0; 0x1ff))"),
                Arguments.of("sub_below_zero", 3, "R0", "scalar(smin=smin32=-300,smax=smax32=-45,umin=0xfffffffffffffed4,umax=0xffffffffffffffd3,umin32=0xfffffed4,umax32=0xffffffd3,var_off=(0xfffffffffffffe00; 0x1ff))"),
                Arguments.of("mul_bounded", 3, "R0", "scalar(smin=smin32=0,smax=umax=smax32=umax32=45,var_off=(0x0; 0x3f))"),
                Arguments.of("alu32_zero_extends", 2, "R0", "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))"),
                Arguments.of("mov32_zero_extends", 2, "R0", "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))"),
                Arguments.of("neg_bounded", 3, "R0", "scalar(smin=smin32=-255,smax=smax32=0)"),
                Arguments.of("div_by_constant", 2, "R0", "scalar()"),
                Arguments.of("mod_by_constant", 2, "R0", "scalar()"),
                Arguments.of("shift32_by_32", 3, "R0", "scalar()"),
                Arguments.of("movsx8", 2, "R0", "scalar(smin=smin32=-128,smax=smax32=127)"),
                Arguments.of("movsx32", 2, "R0", "scalar(smin=0xffffffff80000000,smax=0x7fffffff)"),
                Arguments.of("bswap16", 2, "R0", "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))"),
                Arguments.of("jgt_refines", 2, "R0", "scalar(smin=smin32=0,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))"),
                Arguments.of("jslt_refines", 2, "R0", "scalar(smin=-5)"),
                Arguments.of("jset_false_clears_the_bit", 3, "R0", "scalar(smin=smin32=0,smax=umax=smax32=umax32=247,var_off=(0x0; 0xf7))"),
                Arguments.of("jmp32_refines_low_half", 2, "R0", "scalar(smax=0x7fffffff0000000a,umax=0xffffffff0000000a,smin32=0,smax32=umax32=10,var_off=(0x0; 0xffffffff0000000f))"),
                Arguments.of("jeq_makes_constant", 2, "R0", "42"),
                Arguments.of("spill_fill_keeps_bounds", 5, "R0", "scalar(id=1,smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"),
                Arguments.of("packet_range_after_check", 5, "R0", "pkt(off=14,r=14)"),
                Arguments.of("map_lookup_then_check", 8, "R0", "map_value(map=vals,ks=4,vs=8)"),
                Arguments.of("var_offset_into_map_value", 11, "R0", "map_value(map=vals,ks=4,vs=8,smin=smin32=0,smax=umax=smax32=umax32=4,var_off=(0x0; 0x4))"));
    }

    @ParameterizedTest(name = "{0}: {2} before insn {1}")
    @MethodSource("cases")
    void registerBeforeInstruction(String program, int insn, String reg, String linux) {
        List<String> states = Verifier.statesAt(file, file.program(program).orElseThrow(), Options.level(0), insn);
        assertFalse(states.isEmpty(), "no path reaches insn " + insn);
        for (String state : states) {
            assertEquals(linux, value(state, reg), state);
        }
    }

    /** The value of {@code reg} in a state printed as {@code " R0=... R1=ctx() R10=fp0"}, or null. */
    private static String value(String state, String reg) {
        Matcher m = REG.matcher(state);
        while (m.find()) {
            if (m.group(1).equals(reg)) {
                return m.group(2);
            }
        }
        return null;
    }
}
