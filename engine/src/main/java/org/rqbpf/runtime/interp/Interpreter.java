package org.rqbpf.runtime.interp;

import org.rqbpf.isa.InsnTable;
import static org.rqbpf.isa.Semantics.*;

import org.rqbpf.isa.Bpf;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.MemoryOps;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RuntimeFault;

/**
 * The BPF interpreter: one loop over the pre-decoded image ({@link DecodedImage}) with a table switch
 * per instruction and an interrupt point ({@link SimCpu#interruptPoint()}) before each. Arithmetic is
 * {@link org.rqbpf.isa.Semantics}, memory is {@link MemoryOps}; a failed memory check becomes a
 * {@link RuntimeFault} naming the instruction.
 *
 * <p>BPF-to-BPF calls push a frame: the return slot and {@code r6}-{@code r10} are saved, {@code r10}
 * points at the callee's own zeroed 512-byte stack, and {@code exit} of a callee restores them. The
 * loop method is kept under HotSpot's 8000-byte limit for compiled methods; only what is hot is inline.
 */
public final class Interpreter implements ExecutableProgram {
    private static final int SAVED = 5;

    private final DecodedImage img;

    private Interpreter(DecodedImage img) {
        this.img = img;
    }

    /** Decodes and links {@code image} against {@code linker}. */
    public static Interpreter create(ProgramImage image, Linker linker) {
        return new Interpreter(ImageDecoder.decode(image, linker));
    }

    @Override
    public ProgramImage image() {
        return img.image;
    }

    @Override
    public long execute(BpfRun run, long r1, long r2) {
        final int[] code = img.code;
        final int[] offs = img.off;
        final long[] imms = img.imm;
        final SimCpu cpu = run.cpu();
        final long[] r = new long[16];
        final long[] saved = new long[InsnTable.MAX_CALL_FRAMES * SAVED];
        final int[] ret = new int[InsnTable.MAX_CALL_FRAMES];
        int depth = 0;
        int pc = 0;
        r[1] = r1;
        r[2] = r2;
        r[10] = run.enterFrame(0, img.frameBytes[0]);
        try {
            for (;;) {
                cpu.interruptPoint();
                final int c = code[pc];
                final int d = (c >>> 16) & 0xf;
                final int s = (c >>> 20) & 0xf;
                switch (c & Op.MASK) {
                    case Op.ADD64_K: r[d] += imms[pc]; break;
                    case Op.ADD64_X: r[d] += r[s]; break;
                    case Op.SUB64_K: r[d] -= imms[pc]; break;
                    case Op.SUB64_X: r[d] -= r[s]; break;
                    case Op.MUL64_K: r[d] *= imms[pc]; break;
                    case Op.MUL64_X: r[d] *= r[s]; break;
                    case Op.DIV64_K: r[d] = div64(r[d], imms[pc]); break;
                    case Op.DIV64_X: r[d] = div64(r[d], r[s]); break;
                    case Op.SDIV64_K: r[d] = sdiv64(r[d], imms[pc]); break;
                    case Op.SDIV64_X: r[d] = sdiv64(r[d], r[s]); break;
                    case Op.MOD64_K: r[d] = mod64(r[d], imms[pc]); break;
                    case Op.MOD64_X: r[d] = mod64(r[d], r[s]); break;
                    case Op.SMOD64_K: r[d] = smod64(r[d], imms[pc]); break;
                    case Op.SMOD64_X: r[d] = smod64(r[d], r[s]); break;
                    case Op.OR64_K: r[d] |= imms[pc]; break;
                    case Op.OR64_X: r[d] |= r[s]; break;
                    case Op.AND64_K: r[d] &= imms[pc]; break;
                    case Op.AND64_X: r[d] &= r[s]; break;
                    case Op.XOR64_K: r[d] ^= imms[pc]; break;
                    case Op.XOR64_X: r[d] ^= r[s]; break;
                    case Op.LSH64_K: r[d] = lsh64(r[d], imms[pc]); break;
                    case Op.LSH64_X: r[d] = lsh64(r[d], r[s]); break;
                    case Op.RSH64_K: r[d] = rsh64(r[d], imms[pc]); break;
                    case Op.RSH64_X: r[d] = rsh64(r[d], r[s]); break;
                    case Op.ARSH64_K: r[d] = arsh64(r[d], imms[pc]); break;
                    case Op.ARSH64_X: r[d] = arsh64(r[d], r[s]); break;
                    case Op.NEG64: r[d] = -r[d]; break;
                    case Op.MOV64_K: r[d] = imms[pc]; break;
                    case Op.MOV64_X: r[d] = r[s]; break;
                    case Op.MOVSX64: r[d] = movsx64(r[s], offs[pc]); break;
                    case Op.BSWAP: r[d] = bswap(r[d], (int) imms[pc]); break;

                    case Op.ADD32_K: r[d] = add32(r[d], imms[pc]); break;
                    case Op.ADD32_X: r[d] = add32(r[d], r[s]); break;
                    case Op.SUB32_K: r[d] = sub32(r[d], imms[pc]); break;
                    case Op.SUB32_X: r[d] = sub32(r[d], r[s]); break;
                    case Op.MUL32_K: r[d] = mul32(r[d], imms[pc]); break;
                    case Op.MUL32_X: r[d] = mul32(r[d], r[s]); break;
                    case Op.DIV32_K: r[d] = div32(r[d], imms[pc]); break;
                    case Op.DIV32_X: r[d] = div32(r[d], r[s]); break;
                    case Op.SDIV32_K: r[d] = sdiv32(r[d], imms[pc]); break;
                    case Op.SDIV32_X: r[d] = sdiv32(r[d], r[s]); break;
                    case Op.MOD32_K: r[d] = mod32(r[d], imms[pc]); break;
                    case Op.MOD32_X: r[d] = mod32(r[d], r[s]); break;
                    case Op.SMOD32_K: r[d] = smod32(r[d], imms[pc]); break;
                    case Op.SMOD32_X: r[d] = smod32(r[d], r[s]); break;
                    case Op.OR32_K: r[d] = or32(r[d], imms[pc]); break;
                    case Op.OR32_X: r[d] = or32(r[d], r[s]); break;
                    case Op.AND32_K: r[d] = and32(r[d], imms[pc]); break;
                    case Op.AND32_X: r[d] = and32(r[d], r[s]); break;
                    case Op.XOR32_K: r[d] = xor32(r[d], imms[pc]); break;
                    case Op.XOR32_X: r[d] = xor32(r[d], r[s]); break;
                    case Op.LSH32_K: r[d] = lsh32(r[d], imms[pc]); break;
                    case Op.LSH32_X: r[d] = lsh32(r[d], r[s]); break;
                    case Op.RSH32_K: r[d] = rsh32(r[d], imms[pc]); break;
                    case Op.RSH32_X: r[d] = rsh32(r[d], r[s]); break;
                    case Op.ARSH32_K: r[d] = arsh32(r[d], imms[pc]); break;
                    case Op.ARSH32_X: r[d] = arsh32(r[d], r[s]); break;
                    case Op.NEG32: r[d] = neg32(r[d]); break;
                    case Op.MOV32_K: r[d] = zext32(imms[pc]); break;
                    case Op.MOV32_X: r[d] = zext32(r[s]); break;
                    case Op.MOVSX32: r[d] = movsx32(r[s], offs[pc]); break;
                    case Op.TO_LE: r[d] = toLe(r[d], (int) imms[pc]); break;
                    case Op.TO_BE: r[d] = bswap(r[d], (int) imms[pc]); break;

                    case Op.JA: case Op.JA32: pc = offs[pc]; continue;
                    case Op.JEQ_K: if (r[d] == imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JEQ_X: if (r[d] == r[s]) { pc = offs[pc]; continue; } break;
                    case Op.JNE_K: if (r[d] != imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JNE_X: if (r[d] != r[s]) { pc = offs[pc]; continue; } break;
                    case Op.JGT_K: if (jgt64(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JGT_X: if (jgt64(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JGE_K: if (jge64(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JGE_X: if (jge64(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JLT_K: if (jlt64(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JLT_X: if (jlt64(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JLE_K: if (jle64(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JLE_X: if (jle64(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSET_K: if (jset64(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSET_X: if (jset64(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSGT_K: if (r[d] > imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JSGT_X: if (r[d] > r[s]) { pc = offs[pc]; continue; } break;
                    case Op.JSGE_K: if (r[d] >= imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JSGE_X: if (r[d] >= r[s]) { pc = offs[pc]; continue; } break;
                    case Op.JSLT_K: if (r[d] < imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JSLT_X: if (r[d] < r[s]) { pc = offs[pc]; continue; } break;
                    case Op.JSLE_K: if (r[d] <= imms[pc]) { pc = offs[pc]; continue; } break;
                    case Op.JSLE_X: if (r[d] <= r[s]) { pc = offs[pc]; continue; } break;

                    case Op.JEQ32_K: if (jeq32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JEQ32_X: if (jeq32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JNE32_K: if (jne32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JNE32_X: if (jne32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JGT32_K: if (jgt32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JGT32_X: if (jgt32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JGE32_K: if (jge32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JGE32_X: if (jge32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JLT32_K: if (jlt32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JLT32_X: if (jlt32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JLE32_K: if (jle32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JLE32_X: if (jle32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSET32_K: if (jset32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSET32_X: if (jset32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSGT32_K: if (jsgt32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSGT32_X: if (jsgt32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSGE32_K: if (jsge32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSGE32_X: if (jsge32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSLT32_K: if (jslt32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSLT32_X: if (jslt32(r[d], r[s])) { pc = offs[pc]; continue; } break;
                    case Op.JSLE32_K: if (jsle32(r[d], imms[pc])) { pc = offs[pc]; continue; } break;
                    case Op.JSLE32_X: if (jsle32(r[d], r[s])) { pc = offs[pc]; continue; } break;

                    case Op.LDDW: r[d] = imms[pc]; pc += 2; continue;
                    case Op.LDX_B: r[d] = MemoryOps.load(run, r[s] + offs[pc], 1); break;
                    case Op.LDX_H: r[d] = MemoryOps.load(run, r[s] + offs[pc], 2); break;
                    case Op.LDX_W: r[d] = MemoryOps.load(run, r[s] + offs[pc], 4); break;
                    case Op.LDX_DW: r[d] = MemoryOps.load(run, r[s] + offs[pc], 8); break;
                    case Op.LDSX_B: r[d] = MemoryOps.loadSigned(run, r[s] + offs[pc], 1); break;
                    case Op.LDSX_H: r[d] = MemoryOps.loadSigned(run, r[s] + offs[pc], 2); break;
                    case Op.LDSX_W: r[d] = MemoryOps.loadSigned(run, r[s] + offs[pc], 4); break;
                    case Op.ST_B: MemoryOps.store(run, r[d] + offs[pc], 1, imms[pc]); break;
                    case Op.ST_H: MemoryOps.store(run, r[d] + offs[pc], 2, imms[pc]); break;
                    case Op.ST_W: MemoryOps.store(run, r[d] + offs[pc], 4, imms[pc]); break;
                    case Op.ST_DW: MemoryOps.store(run, r[d] + offs[pc], 8, imms[pc]); break;
                    case Op.STX_B: MemoryOps.store(run, r[d] + offs[pc], 1, r[s]); break;
                    case Op.STX_H: MemoryOps.store(run, r[d] + offs[pc], 2, r[s]); break;
                    case Op.STX_W: MemoryOps.store(run, r[d] + offs[pc], 4, r[s]); break;
                    case Op.STX_DW: MemoryOps.store(run, r[d] + offs[pc], 8, r[s]); break;
                    case Op.ATOMIC_W: atomic(run, r, d, s, (int) imms[pc], r[d] + offs[pc], 4); break;
                    case Op.ATOMIC_DW: atomic(run, r, d, s, (int) imms[pc], r[d] + offs[pc], 8); break;
                    case Op.LD_ABS_B: case Op.LD_ABS_H: case Op.LD_ABS_W:
                    case Op.LD_IND_B: case Op.LD_IND_H: case Op.LD_IND_W: {
                        long v = loadLegacy(run, c & Op.MASK, imms[pc] + (Bpf.mode(c) == Bpf.IND ? r[s] : 0));
                        if (v >= 0) {
                            r[0] = v;
                            break;
                        }
                        // The failed load returns 0 from the current function.
                        r[0] = 0;
                        if (depth == 0) {
                            return 0;
                        }
                        pc = ret[--depth];
                        System.arraycopy(saved, depth * SAVED, r, 6, SAVED);
                        run.returnToFrame(depth);
                        continue;
                    }

                    case Op.CALL_HELPER: case Op.CALL_KFUNC:
                        run.atCall(depth, pc);
                        r[0] = img.target[pc].call(run, r[1], r[2], r[3], r[4], r[5]);
                        if (run.stopped()) {
                            return r[0];
                        }
                        break;
                    case Op.CALLX: {
                        NativeFunction f = img.linker.helper((int) r[d]);
                        if (f == null) {
                            throw RuntimeFault.at(img.image.name(), pc, img.image.verified(),
                                    "callx to unknown helper " + r[d]);
                        }
                        run.atCall(depth, pc);
                        r[0] = f.call(run, r[1], r[2], r[3], r[4], r[5]);
                        if (run.stopped()) {
                            return r[0];
                        }
                        break;
                    }
                    case Op.CALL_LOCAL:
                        if (depth + 1 == InsnTable.MAX_CALL_FRAMES) {
                            throw RuntimeFault.at(img.image.name(), pc, img.image.verified(),
                                    "the call stack is " + InsnTable.MAX_CALL_FRAMES + " frames deep");
                        }
                        run.atCall(depth, pc);
                        System.arraycopy(r, 6, saved, depth * SAVED, SAVED);
                        ret[depth++] = pc + 1;
                        pc = offs[pc];
                        r[10] = run.enterFrame(depth, img.frameBytes[pc]);
                        continue;
                    case Op.EXIT:
                        if (depth == 0) {
                            return r[0];
                        }
                        pc = ret[--depth];
                        System.arraycopy(saved, depth * SAVED, r, 6, SAVED);
                        run.returnToFrame(depth);
                        continue;
                    default:
                        throw RuntimeFault.at(img.image.name(), pc, img.image.verified(), img.invalid[pc] != null
                                ? img.invalid[pc] : String.format("invalid opcode 0x%02x", c & 0xff));
                }
                pc++;
            }
        } catch (MemoryFault f) {
            throw RuntimeFault.memory(img.image.name(), pc, f.address(), img.image.verified(), f.getMessage(), f);
        }
    }

    private static void atomic(BpfRun run, long[] r, int d, int s, int op, long addr, int size) {
        if (op == Bpf.CMPXCHG) {
            r[0] = MemoryOps.cmpxchg(run, addr, size, r[0], r[s]);
            return;
        }
        long old = MemoryOps.atomic(run, op, addr, size, r[s]);
        if ((op & Bpf.FETCH) != 0) {
            r[s] = old;
        }
    }

    private static long loadLegacy(BpfRun run, int op, long offset) {
        int size = Bpf.sizeBytes(Bpf.size(op));
        return MemoryOps.loadPacketLegacy(run, offset, size);
    }
}
