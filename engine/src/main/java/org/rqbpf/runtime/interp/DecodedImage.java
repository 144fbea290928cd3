package org.rqbpf.runtime.interp;

import org.rqbpf.isa.InsnTable;
import java.util.Arrays;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;

/**
 * A program image pre-decoded for the interpreter: parallel arrays indexed by slot, with one extra
 * {@link Op#INVALID} slot at the end so falling off the program faults instead of running past it.
 *
 * <ul>
 *   <li>{@code code}: {@link Op} code in bits 0-8, dst register in bits 16-19, src register in 20-23;</li>
 *   <li>{@code off}: the memory offset, the absolute target of a jump or local call, or the
 *       sign-extension width of {@code movsx};</li>
 *   <li>{@code imm}: the immediate, sign-extended to 64 bits, the full value of {@code lddw}, or the
 *       width of a byte swap;</li>
 *   <li>{@code target}: the linked helper or kfunc of a call;</li>
 *   <li>{@code invalid}: why an {@link Op#INVALID} slot is invalid;</li>
 *   <li>{@code frameBytes}: the bytes of the frame a call to the slot zeroes
 *       ({@link ProgramImage#frameBytesAt}), precomputed so a call does not search the function table.</li>
 * </ul>
 */
final class DecodedImage {
    final ProgramImage image;
    final Linker linker;
    final int[] code;
    final int[] off;
    final long[] imm;
    final NativeFunction[] target;
    final String[] invalid;
    final int[] frameBytes;

    DecodedImage(ProgramImage image, Linker linker, int slots) {
        this.image = image;
        this.linker = linker;
        this.code = new int[slots + 1];
        this.off = new int[slots + 1];
        this.imm = new long[slots + 1];
        this.target = new NativeFunction[slots + 1];
        this.invalid = new String[slots + 1];
        this.frameBytes = new int[slots + 1];
        Arrays.fill(frameBytes, InsnTable.STACK_SIZE);
        for (FunctionInfo f : image.functions()) {
            if (f.start() >= 0 && f.start() < slots) {
                frameBytes[f.start()] = image.frameBytesAt(f.start());
            }
        }
        code[slots] = Op.INVALID;
        invalid[slots] = "fell off the end of the program";
    }
}
