package org.rqbpf.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rqbpf.program.Diagnostic;

/** Malformed sources: each error is reported at its exact line and column with a message naming the item. */
class AssemblerErrorsTest {
    private static final String PROG = "SEC(\"tc\")\np:\n";
    private static final String MAP = "struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, 4);\n"
            + "\t__type(key, u32);\n\t__type(value, u64);\n} arrmap SEC(\".maps\");\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown mnemonic", PROG + "\tr0 = 0\n\tmov r0, 1\n\texit\n",
                        "e.bpf:4:2: error: unknown instruction 'mov'"),
                Arguments.of("duplicate __retval", "SEC(\"tc\")\n__success __retval(1) __retval(2)\np:\n\tr0 = 1\n\texit\n",
                        "e.bpf:2:23: error: duplicate __retval (a program has at most one)"),
                Arguments.of("malformed regex in __msg", "SEC(\"tc\")\n__failure __msg(\"R{{[0-9}}\")\np:\n\texit\n",
                        "e.bpf:2:17: error: invalid {{regex}} in __msg: Unclosed character class"),
                Arguments.of("unknown bare mnemonic", PROG + "\tnop\n\texit\n",
                        "e.bpf:3:2: error: unknown instruction 'nop'"),
                Arguments.of("unknown helper", PROG + "\tcall bpf_no_such_helper\n\texit\n",
                        "e.bpf:3:7: error: unknown helper, kfunc or subprogram 'bpf_no_such_helper'"),
                Arguments.of("undefined label", PROG + "\tgoto nowhere\n\texit\n",
                        "e.bpf:3:7: error: undefined label 'nowhere' in 'p'"),
                Arguments.of("duplicate label", PROG + "out:\n\tr0 = 0\nout:\n\texit\n",
                        "e.bpf:5:1: error: duplicate label 'out' in 'p'"),
                Arguments.of("label of another body", "static s:\nin_s:\n\texit\n" + PROG + "\tgoto in_s\n\texit\n",
                        "e.bpf:6:7: error: label 'in_s' belongs to 's', not 'p' (labels are local to their body)"),
                Arguments.of("offset out of range", PROG + "\tr1 = *(u32 *)(r10 - 32769)\n\texit\n",
                        "e.bpf:3:22: error: offset -32769 out of range (-32768 to 32767)"),
                Arguments.of("positive offset out of range", PROG + "\t*(u64 *)(r1 + 32768) = r2\n\texit\n",
                        "e.bpf:3:16: error: offset 32768 out of range (-32768 to 32767)"),
                Arguments.of("numeric jump offset out of range", PROG + "\tgoto +32768\n\texit\n",
                        "e.bpf:3:7: error: jump offset +32768 out of range (-32768 to 32767)"),
                Arguments.of("label jump offset out of range", PROG + "\tif r1 == 0 goto far\n" + "\tr0 = 0\n".repeat(32768)
                        + "far:\n\texit\n", "e.bpf:3:18: error: jump offset 32768 to 'far' out of range (-32768 to 32767; use gotol)"),
                Arguments.of("imm out of range", PROG + "\tr1 += 4294967296\n\texit\n",
                        "e.bpf:3:8: error: immediate 4294967296 out of range (-2147483648 to 4294967295)"),
                Arguments.of("negative imm out of range", PROG + "\tr1 = -2147483649\n\texit\n",
                        "e.bpf:3:7: error: immediate -2147483649 out of range (-2147483648 to 4294967295)"),
                Arguments.of("ld_imm64 beyond 64 bits", PROG + "\tr1 = 0x10000000000000000 ll\n\texit\n",
                        "e.bpf:3:7: error: 64-bit immediate 0x10000000000000000 out of range"),
                Arguments.of("legacy packet load into another register", PROG + "\tr1 = *(u8 *)skb[0]\n\texit\n",
                        "e.bpf:3:2: error: a legacy packet load writes r0, not r1"),
                Arguments.of("64-bit legacy packet load", PROG + "\tr0 = *(u64 *)skb[0]\n\texit\n",
                        "e.bpf:3:9: error: invalid packet load size 'u64' (expected u8, u16 or u32)"),
                Arguments.of("legacy packet load from no skb", PROG + "\tr0 = *(u8 *)foo[0]\n\texit\n",
                        "e.bpf:3:14: error: expected 'skb[...]' for a legacy packet load, not 'foo'"),
                Arguments.of("legacy packet load without its +", PROG + "\tr0 = *(u8 *)skb[r1 2]\n\texit\n",
                        "e.bpf:3:7: error: expected skb[N] or skb[rN + N]"),
                Arguments.of("invalid register", PROG + "\tr11 = 1\n\texit\n",
                        "e.bpf:3:2: error: invalid register 'r11' (registers are r0-r10 and w0-w10)"),
                Arguments.of("mixed register views", PROG + "\tw1 = r2\n\texit\n",
                        "e.bpf:3:7: error: register 'r2' does not match the 32-bit view of 'w1'"),
                Arguments.of("unknown map type", "struct {\n\t__uint(type, BPF_MAP_TYPE_RINGBUF);\n\t__uint(max_entries, 1);\n"
                        + "\t__type(key, u32);\n\t__type(value, u32);\n} mm SEC(\".maps\");\n" + PROG + "\texit\n",
                        "e.bpf:2:15: error: unknown map type 'BPF_MAP_TYPE_RINGBUF'"),
                Arguments.of("missing max_entries", "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n"
                        + "\t__type(key, u32);\n\t__type(value, u32);\n} mm SEC(\".maps\");\n" + PROG + "\texit\n",
                        "e.bpf:5:3: error: map 'mm' has no max_entries (__uint(max_entries, N))"),
                Arguments.of("bad struct member type", "struct s {\n\tu33 x;\n};\n" + PROG + "\texit\n",
                        "e.bpf:2:2: error: unknown type 'u33'"),
                Arguments.of("unknown struct member type", "struct s {\n\tstruct nope x;\n};\n" + PROG + "\texit\n",
                        "e.bpf:2:9: error: unknown type 'struct nope'"),
                Arguments.of("duplicate name", "u32 p SEC(\".bss\");\n" + PROG + "\texit\n",
                        "e.bpf:3:1: error: redefinition of 'p' (first defined at line 1)"),
                Arguments.of("unterminated comment", PROG + "\tr0 = 0\n/* never closed\n\texit\n",
                        "e.bpf:4:1: error: unterminated comment"),
                Arguments.of("unterminated string", "SEC(\"tc)\np:\n\texit\n",
                        "e.bpf:1:5: error: unterminated string literal"),
                Arguments.of("stray character", PROG + "\tr0 = 0 @\n\texit\n",
                        "e.bpf:3:9: error: stray '@' in program"),
                Arguments.of("empty file", "", "e.bpf:1:1: error: empty file: no programs"),
                Arguments.of("comments only", "// nothing here\n", "e.bpf:2:1: error: empty file: no programs"),
                Arguments.of("unknown section", "SEC(\"tcx\")\np:\n\texit\n",
                        "e.bpf:1:5: error: unknown program section \"tcx\" (no hook of that name)"),
                Arguments.of("unknown annotation", "SEC(\"tc\")\n__sucess\np:\n\texit\n",
                        "e.bpf:2:1: error: unknown annotation '__sucess'"),
                Arguments.of("missing operand", PROG + "\tr0 =\n\texit\n",
                        "e.bpf:3:6: error: unexpected end of line after '='"),
                Arguments.of("unknown load size", PROG + "\tr0 = *(u24 *)(r1 + 0)\n\texit\n",
                        "e.bpf:3:9: error: invalid load size 'u24' (expected u8, u16, u32, u64, s8, s16 or s32)"),
                Arguments.of("unknown map or global", PROG + "\tr1 = nomap ll\n\texit\n",
                        "e.bpf:3:7: error: unknown map or global variable 'nomap'"),
                Arguments.of("initializer in .bss", "u32 x = 1 SEC(\".bss\");\n" + PROG + "\texit\n",
                        "e.bpf:1:9: error: variable 'x' in .bss cannot have an initializer"),
                Arguments.of("initializer out of range", "u8 x = 256 SEC(\".data\");\n" + PROG + "\texit\n",
                        "e.bpf:1:8: error: initializer 256 of 'x' out of range for u8"),
                Arguments.of("unknown data section", "u32 x SEC(\".text\");\n" + PROG + "\texit\n",
                        "e.bpf:1:11: error: unknown data section \".text\" (expected .data, .data.NAME, .bss, .rodata or .rodata.NAME)"),
                Arguments.of("calling a program", PROG + "\tcall p\n\texit\n",
                        "e.bpf:3:7: error: cannot call program 'p' (only static and global subprograms can be called)"),
                Arguments.of("missing semicolon after map", "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH)\n} mm SEC(\".maps\");\n"
                        + PROG + "\texit\n", "e.bpf:2:33: error: expected ';' after ')'"),
                Arguments.of("map load without ll", MAP + PROG + "\tr1 = arrmap\n\texit\n",
                        "e.bpf:9:7: error: 'arrmap' is a map: load it with 'r1 = arrmap ll'"),
                Arguments.of("global load without ll", "u64 g SEC(\".data\");\n" + PROG + "\tr1 = g\n\tr0 = 0\n\texit\n",
                        "e.bpf:4:7: error: 'g' is a global variable: load its address with 'r1 = g ll'"),
                Arguments.of("unknown symbol without ll", PROG + "\tr0 = nosuch\n\texit\n",
                        "e.bpf:3:7: error: unknown symbol 'nosuch'"),
                Arguments.of("huge name", PROG + "\tr0 = " + "x".repeat(100_000) + "\n\texit\n",
                        "e.bpf:3:7: error: unknown symbol 'xxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxx'"),
                Arguments.of("huge number", PROG + "\tr0 = 1" + "0".repeat(100_000) + "\n\texit\n",
                        "e.bpf:3:7: error: immediate 100000000000000000...0000000000000000000 out of range (-2147483648 to 4294967295)"),
                Arguments.of("huge section name", "SEC(\"" + "t".repeat(100_000) + "\")\np:\n\texit\n",
                        "e.bpf:1:5: error: unknown program section \"tttttttttttttttttt...ttttttttttttttttttt\" (no hook of that name)"),
                Arguments.of("missing paren", PROG + "\tr1 = *(u32 *)(r10 - 4\n\texit\n",
                        "e.bpf:3:23: error: expected ')' after '4'"),
                Arguments.of("missing jump operand", PROG + "\tif r1 > goto out\nout:\n\texit\n",
                        "e.bpf:3:10: error: unexpected 'goto', expected a register or a number"),
                Arguments.of("call without target", PROG + "\tcall\n\texit\n",
                        "e.bpf:3:6: error: unexpected end of line after 'call'"),
                Arguments.of("unknown store size", PROG + "\t*(u33 *)(r10 - 8) = r1\n\texit\n",
                        "e.bpf:3:4: error: invalid store size 'u33' (expected u8, u16, u32 or u64)"),
                Arguments.of("extra operand", PROG + "\tr1 += r2 r3\n\texit\n",
                        "e.bpf:3:11: error: unexpected 'r3'"),
                Arguments.of("operand after exit", PROG + "\texit 1\n",
                        "e.bpf:3:7: error: unexpected '1'"),
                Arguments.of("SEC without section", "SEC\np:\n\texit\n",
                        "e.bpf:1:4: error: expected '(' after 'SEC'"),
                Arguments.of("annotation without closing paren", "SEC(\"tc\")\n__retval(1\np:\n\texit\n",
                        "e.bpf:2:11: error: expected ')' after '1'"),
                Arguments.of("atomic without operator", PROG + "\tlock *(u64 *)(r1 + 8) r2\n\texit\n",
                        "e.bpf:3:24: error: unexpected 'r2', expected an operator such as '+='"),
                Arguments.of("comparison without operator", PROG + "\tif r1 r2 goto out\nout:\n\texit\n",
                        "e.bpf:3:8: error: unexpected 'r2', expected a comparison or '&'"),
                Arguments.of("SEC without label", "SEC(\"tc\")\n\texit\n",
                        "e.bpf:1:1: error: SEC(\"tc\") must be followed by the program's label ('NAME:')"),
                Arguments.of("struct member without semicolon", "struct s {\n\tu32 a\n\tu32 b;\n};\n" + PROG + "\texit\n",
                        "e.bpf:2:7: error: expected ';' after 'a'"),
                Arguments.of("struct-typed member without semicolon", "struct t {\n\tu32 a;\n};\nstruct s {\n\tstruct t x\n\tu32 b;\n};\n"
                        + PROG + "\texit\n", "e.bpf:5:12: error: expected ';' after 'x'"),
                Arguments.of("negative max_entries", MAP.replace("max_entries, 4", "max_entries, -1") + PROG + "\texit\n",
                        "e.bpf:3:22: error: max_entries -1 out of range (0 to 2147483647)"),
                Arguments.of("negation of another register", PROG + "\tr1 = -r2\n\texit\n",
                        "e.bpf:3:8: error: negation must use its destination register: r1 = -r1"),
                Arguments.of("no instructions", PROG, "e.bpf:2:1: error: 'p' has no instructions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void reportsTheErrorAtItsPosition(String what, String source, String header) {
        Assembly a = Assembler.assemble("e.bpf", source);
        assertFalse(a.ok(), "should fail");
        assertNull(a.program());
        assertEquals(header, a.errors().get(0).header(), () -> a.renderErrors());
        assertEquals(1, a.errors().size(), () -> a.renderErrors());
    }

    @Test
    void reportsEveryErrorOfTheFileInSourceOrder() {
        String src = PROG + "\tr0 = 0\n\tmov r1, 2\n\tr1 += 5000000000\n\tr1 = *(u32 *)(r10 - 99999)\n\tcall nope\n"
                + "\tgoto missing\n\tr1 = 1 $\n\tr12 = 0\n\texit\n";
        Assembly a = Assembler.assemble("e.bpf", src);
        List<String> headers = a.errors().stream().map(Diagnostic::header).toList();
        assertEquals(List.of(
                "e.bpf:4:2: error: unknown instruction 'mov'",
                "e.bpf:5:8: error: immediate 5000000000 out of range (-2147483648 to 4294967295)",
                "e.bpf:6:22: error: offset -99999 out of range (-32768 to 32767)",
                "e.bpf:7:7: error: unknown helper, kfunc or subprogram 'nope'",
                "e.bpf:8:7: error: undefined label 'missing' in 'p'",
                "e.bpf:9:9: error: stray '$' in program",
                "e.bpf:10:2: error: invalid register 'r12' (registers are r0-r10 and w0-w10)"), headers);
    }

    @Test
    void rendersTheSourceLineAndACaret() {
        Assembly a = Assembler.assemble("e.bpf", PROG + "\tr1 += 4294967296\n\texit\n");
        assertEquals("e.bpf:3:8: error: immediate 4294967296 out of range (-2147483648 to 4294967295)\n"
                + "\tr1 += 4294967296\n\t      ^", a.renderErrors());
    }

    @Test
    void randomBytesGiveErrorsNotExceptions() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            Assembly a = Assembler.assemble("r.bpf", new String(bytes, StandardCharsets.ISO_8859_1));
            assertFalse(a.ok());
            assertTrue(a.errors().stream().noneMatch(d -> d.message().startsWith("internal")), a::renderErrors);
        }
    }

    @Test
    void mangledValidProgramsGiveErrorsNotExceptions() {
        String valid = Asm.PREAMBLE + "\tr1 = *(u32 *)(r10 - 4)\n\tif r1 > 5 goto out\n\tcall bpf_map_lookup_elem\n"
                + "\tlock *(u64 *)(r1 + 8) += r2\nout:\n\tr0 = 0\n\texit\n";
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            StringBuilder sb = new StringBuilder(valid);
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                int at = random.nextInt(sb.length());
                if (random.nextBoolean()) {
                    sb.deleteCharAt(at);
                } else {
                    sb.insert(at, "(){};:*=+-<>\"#/ \nrw0xl&|".charAt(random.nextInt(24)));
                }
            }
            Assembly a = Assembler.assemble("m.bpf", sb.toString());
            assertTrue(a.errors().stream().noneMatch(d -> d.message().startsWith("internal")), a::renderErrors);
        }
    }
}
