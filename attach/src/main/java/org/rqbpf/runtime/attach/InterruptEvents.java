package org.rqbpf.runtime.attach;

import java.util.SplittableRandom;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.runtime.ProgramContext;

/**
 * The interrupt-context events of one CPU: device interrupts ({@code irq_handler_entry}: the CPU's NIC
 * queue, an NVMe queue or the local timer) and sampling NMIs ({@code perf_event}: a cpu-clock sampler
 * whose {@code sample_period} is its period in nanoseconds, and whose sampled {@code regs.ip} is the
 * simulated JIT image of the innermost BPF program running on the CPU, or the idle loop).
 */
final class InterruptEvents {
    private static final int IRQ_HANDLER_ENTRY_ID = 131;
    /** Where the simulated JIT images of programs start ({@code bpf_prog_*} symbols), 4 KiB each. */
    static final long BPF_IMAGES = 0xffff_ffff_c000_0000L;
    /** {@code default_idle} in the simulated kernel text. */
    static final long IDLE_IP = 0xffff_ffff_81f0_a2c0L;

    private final SimCpu cpu;
    private final SplittableRandom random;
    private final int[] irqs;
    private final String[] names;
    private final Irq irqEvent = new Irq();
    private final Sample sample = new Sample();
    private final long samplePeriod;

    InterruptEvents(SimCpu cpu, SplittableRandom random, double nmiRate) {
        this.cpu = cpu;
        this.random = random;
        int n = cpu.id();
        this.irqs = new int[] {40 + n, 60 + n, 236};
        this.names = new String[] {"eth0-TxRx-" + n, "nvme0q" + (n + 1), "LOC"};
        this.samplePeriod = nmiRate > 0 ? Math.round(1e9 / nmiRate) : 0;
    }

    /** The next device interrupt. */
    Irq nextIrq() {
        int k = random.nextInt(10);
        int i = k < 6 ? 0 : k < 9 ? 1 : 2;
        irqEvent.irq = irqs[i];
        irqEvent.name = names[i];
        return irqEvent;
    }

    /** The next sample; {@code runningProgram} is the innermost program running (an index), or -1. */
    Sample nextSample(int runningProgram) {
        sample.ip = runningProgram < 0 ? IDLE_IP : BPF_IMAGES + ((long) runningProgram << 12) + (random.nextInt(0x400) << 2);
        return sample;
    }

    /** {@code irq_handler_entry}: irq@8 (s32), name as {@code __data_loc char[]}@12 pointing at offset 16. */
    final class Irq implements HookEvent {
        int irq;
        String name;

        @Override
        public void writeCtx(ProgramContext ctx) {
            byte[] c = ctx.ctx().bytes();
            CtxBytes.u16(c, 0, IRQ_HANDLER_ENTRY_ID);
            c[2] = 0;
            c[3] = (byte) cpu.preemptCount();
            CtxBytes.u32(c, 4, 0);
            CtxBytes.u32(c, 8, irq);
            int len = name.length() + 1;
            CtxBytes.u32(c, 12, (len << 16) | 16);
            CtxBytes.string(c, 16, Math.min(len, c.length - 16), name);
        }
    }

    /** {@code bpf_perf_event_data}: regs (pt_regs)@0 with ip@128, cs@136, flags@144; sample_period@168; addr@176. */
    final class Sample implements HookEvent {
        long ip;

        @Override
        public void writeCtx(ProgramContext ctx) {
            byte[] c = ctx.ctx().bytes();
            CtxBytes.u64(c, 128, ip);
            CtxBytes.u64(c, 136, 0x10);
            CtxBytes.u64(c, 144, 0x46);
            CtxBytes.u64(c, 168, samplePeriod);
            CtxBytes.u64(c, 176, 0);
        }
    }
}
