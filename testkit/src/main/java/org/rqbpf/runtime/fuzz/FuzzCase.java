package org.rqbpf.runtime.fuzz;

import java.util.Random;
import org.rqbpf.abi.ProgramType;

/**
 * One fuzz case: the generated source and the input it runs on (a random {@code __sk_buff} and a
 * packet of random length and bytes), all derived from {@code seed}.
 */
public record FuzzCase(long seed, String source, byte[] ctx, byte[] packet) {
    /** The case for {@code seed}. */
    public static FuzzCase of(long seed) {
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        byte[] ctx = new byte[ProgramType.SCHED_CLS.ctxSize()];
        if (rnd.nextBoolean()) {
            rnd.nextBytes(ctx);
        }
        byte[] packet = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(8) : rnd.nextInt(97)];
        if (rnd.nextInt(3) != 0) {
            rnd.nextBytes(packet);
        }
        return new FuzzCase(seed, ProgramGenerator.generate(seed), ctx, packet);
    }

    /** The file name the source is assembled under. */
    public String fileName() {
        return "fuzz_" + seed + ".bpf";
    }
}
