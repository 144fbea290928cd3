package org.rqbpf.runtime;

import org.rqbpf.isa.InsnTable;
import java.util.Arrays;
import org.rqbpf.kernel.CpuLocal;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;
import org.rqbpf.kernel.SimCpu;

/**
 * The BPF stacks of one simulated CPU. Runs nest on a CPU only synchronously (an interrupt handler runs
 * a program inside another program's run, and returns before it resumes), so stacks are handed out
 * and returned in LIFO order: one {@link Frames} set per nesting level, reused by later runs at that
 * level. Each frame of a set is its own 512-byte region, so a frame cannot reach past its own stack
 * except through a pointer its caller passed.
 */
final class StackPool {
    private static final CpuLocal<StackPool> POOL = new CpuLocal<>(StackPool::new);

    private final SimCpu cpu;
    private Frames[] levels = new Frames[4];
    private int inUse;

    private StackPool(SimCpu cpu) {
        this.cpu = cpu;
    }

    /** The pool of the CPU (the caller is bound to it). */
    static StackPool of(SimCpu cpu) {
        return cpu.local(POOL);
    }

    Frames acquire() {
        if (inUse == levels.length) {
            levels = Arrays.copyOf(levels, levels.length * 2);
        }
        Frames f = levels[inUse];
        if (f == null) {
            f = new Frames(cpu, inUse);
            levels[inUse] = f;
        }
        inUse++;
        return f;
    }

    void release(Frames f) {
        if (inUse == 0 || levels[inUse - 1] != f) {
            throw new IllegalStateException("BPF stacks released out of order on " + cpu);
        }
        inUse--;
    }

    /** The stack regions of one nesting level, allocated on first use of each frame depth. */
    static final class Frames {
        private final SimCpu cpu;
        private final int level;
        private final Region[] regions = new Region[InsnTable.MAX_CALL_FRAMES];
        /** The run object {@link BpfRun#open} reuses at this level, once created. */
        BpfRun run;

        Frames(SimCpu cpu, int level) {
            this.cpu = cpu;
            this.level = level;
        }

        /** The region of frame {@code depth} (entered at least once). */
        Region region(int depth) {
            return regions[depth];
        }

        /**
         * The stack of frame {@code depth} with its top {@code zeroBytes} bytes zeroed (the bytes below
         * keep what earlier runs left); returns its frame pointer (one past the top).
         */
        long enter(int depth, int zeroBytes) {
            Region r = regions[depth];
            if (r == null) {
                r = cpu.machine().memory().allocate("stack frame " + depth + " of CPU " + cpu.id() + " level " + level,
                        RegionKind.STACK, InsnTable.STACK_SIZE);
                regions[depth] = r;
            } else if (zeroBytes != 0) {
                Arrays.fill(r.bytes(), InsnTable.STACK_SIZE - zeroBytes, InsnTable.STACK_SIZE, (byte) 0);
            }
            return r.pointer(InsnTable.STACK_SIZE);
        }
    }
}
