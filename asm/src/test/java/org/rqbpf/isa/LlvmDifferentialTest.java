package org.rqbpf.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rqbpf.grammar.Asm;

/**
 * Differential test against LLVM's BPF assembler: every symbol-free instruction form that LLVM 14
 * accepts must assemble to the same bytes as {@code llvm-mc -triple bpfel -mattr=+alu32}. Skipped
 * where llvm-mc is not installed.
 *
 * <p>LLVM 14 lacks (checked with llvm-mc 14 on each form): the v4 instructions (sign-extending moves and
 * loads, bswap, sdiv/smod, gotol), {@code %=}, {@code &} in jumps, store-immediate, atomic
 * fetch/xchg/cmpxchg and callx. {@code call kfunc#N} and {@code call pc+N} are excluded because LLVM
 * reads them as symbol references ({@code #} starts its comments), and {@code map[N]} has no LLVM form.
 */
class LlvmDifferentialTest {
    private static final Pattern NOT_IN_LLVM_14 = Pattern.compile(
            "\\((s8|s16|s32)\\)|bswap|map\\[|\\*\\(s(8|16|32) \\*\\)|^\\*\\(.*= -?\\d+$|atomic_fetch|xchg|gotol|callx"
                    + "|s/=|%=|^if .* & |kfunc#|pc[+-]");

    static List<String> llvmForms() {
        return InstructionFormsTest.canonicalForms().filter(f -> !NOT_IN_LLVM_14.matcher(f).find()).toList();
    }

    @Test
    void symbolFreeFormsMatchLlvmMc(@TempDir Path dir) throws Exception {
        assumeTrue(tool("llvm-mc") && tool("llvm-objcopy"), "llvm-mc / llvm-objcopy not installed");
        List<String> forms = llvmForms();
        assertEquals(true, forms.size() > 100, "forms checked: " + forms.size());
        Path src = dir.resolve("forms.s");
        Files.writeString(src, String.join("\n", forms) + "\n");
        Path obj = dir.resolve("forms.o");
        Path bin = dir.resolve("forms.bin");
        run("llvm-mc", "-triple", "bpfel", "-mattr=+alu32", "-filetype=obj", "-o", obj.toString(), src.toString());
        run("llvm-objcopy", "-O", "binary", "--only-section=.text", obj.toString(), bin.toString());
        ByteBuffer llvm = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        for (String form : forms) {
            List<RawInsn> ours = Asm.body(form);
            List<RawInsn> theirs = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                if (!llvm.hasRemaining()) {
                    fail("llvm-mc output ends before '" + form + "'");
                }
                theirs.add(RawInsn.fromLong(llvm.getLong()));
            }
            assertEquals(theirs, ours, form);
        }
        assertEquals(0, llvm.remaining(), "llvm-mc emitted more slots than the forms");
    }

    private static boolean tool(String name) {
        try {
            Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed:\n" + out);
        }
    }
}
