package org.rqbpf.runtime;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.CtxField;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.SimCpu;

/**
 * The state of one program run, shared by the back end executing it and the helpers it calls: the CPU
 * it runs on, its memory, its log, its stacks, the call sites of its active frames (for call traces),
 * and the context binding that makes ctx loads of {@code data}/{@code data_end} yield packet pointers.
 *
 * <p>Created and closed on the CPU's bound thread ({@code try (BpfRun run = ...)}); it borrows the
 * CPU's stack set of the current nesting level and returns it on {@link #close()}.
 */
public final class BpfRun implements AutoCloseable {
    /** Frames of BPF-to-BPF calls, the main frame included (the kernel's {@code MAX_CALL_FRAMES}). */
    public static final int MAX_FRAMES = 8;
    /** Bytes of stack per frame. */
    public static final int STACK_SIZE = 512;

    private final SimCpu cpu;
    private final Memory memory;
    private final ProgramImage image;
    private final RunLog log;
    private final StackPool pool;
    private final StackPool.Frames frames;
    private final int[] callSites = new int[MAX_FRAMES];
    private int depth;
    private boolean stopped;
    /** The executing frame's stack: {@link MemoryOps} accesses it without a region lookup. */
    Region stack;

    /** Region id of the bound ctx, or -1 (no live region has that id). */
    int ctxRegionId = -1;
    private ProgramType ctxType;
    private long packet;
    private long packetEnd;
    private long packetMeta;

    /** A run of {@code image} on {@code cpu}, which the calling thread must be bound to. */
    public BpfRun(SimCpu cpu, ProgramImage image, RunLog log) {
        cpu.checkBound();
        this.cpu = cpu;
        this.memory = cpu.machine().memory();
        this.image = image;
        this.log = log;
        this.pool = StackPool.of(cpu);
        this.frames = pool.acquire();
    }

    /**
     * Binds the program's context: 4-byte loads of the {@code PACKET*} fields of {@code type} from
     * {@code ctx} yield the given pointers, as the kernel's context rewrite does.
     */
    public void bindContext(Region ctx, ProgramType type, long packet, long packetEnd, long packetMeta) {
        this.ctxRegionId = ctx.id();
        this.ctxType = type;
        this.packet = packet;
        this.packetEnd = packetEnd;
        this.packetMeta = packetMeta;
    }

    public SimCpu cpu() {
        return cpu;
    }

    public Memory memory() {
        return memory;
    }

    public ProgramImage image() {
        return image;
    }

    public RunLog log() {
        return log;
    }

    /** Frame pointer ({@code r10}) of a zeroed stack for frame {@code depth} (0 = main). */
    public long enterFrame(int depth) {
        long fp = frames.enter(depth);
        stack = frames.region(depth);
        return fp;
    }

    /** Back ends call this when a callee returns to frame {@code depth}. */
    public void returnToFrame(int depth) {
        stack = frames.region(depth);
    }

    /**
     * Records that frame {@code depth} is executing the call at slot {@code insn}; back ends call it
     * before every helper, kfunc and BPF-to-BPF call, so {@link #callTrace()} is exact inside helpers.
     */
    public void atCall(int depth, int insn) {
        this.depth = depth;
        callSites[depth] = insn;
    }

    /** {@code name+index} of every active frame's current call, innermost first. */
    public List<String> callTrace() {
        List<String> out = new ArrayList<>(depth + 1);
        for (int d = depth; d >= 0; d--) {
            out.add(image.location(callSites[d]));
        }
        return out;
    }

    /**
     * A fault of the call being executed (helpers and kfuncs use it for arguments a verified program
     * never passes): it names the call's instruction.
     */
    public RuntimeFault fault(String reason) {
        return RuntimeFault.at(image.name(), callSites[depth], image.verified(), reason);
    }

    /** Makes the program stop after the current helper returns (the conformance runner's {@code unwind}). */
    public void stop() {
        stopped = true;
    }

    /** Whether a helper asked the program to stop. */
    public boolean stopped() {
        return stopped;
    }

    long loadCtx(long addr, int size) {
        if (size == 4 && ctxType != null) {
            CtxField f = ctxType.fieldAt(Memory.offset(addr));
            if (f != null && f.offset() == Memory.offset(addr)) {
                switch (f.kind()) {
                    case PACKET:
                        return packet;
                    case PACKET_END:
                        return packetEnd;
                    case PACKET_META:
                        return packetMeta;
                    default:
                        break;
                }
            }
        }
        return memory.load(addr, size);
    }

    /** The packet's start pointer and length, for the legacy {@code LD_ABS}/{@code LD_IND} loads; 0 if none. */
    long packet() {
        return packet;
    }

    long packetEnd() {
        return packetEnd;
    }

    @Override
    public void close() {
        pool.release(frames);
    }
}
