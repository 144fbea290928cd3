package org.rqbpf.runtime;

import org.rqbpf.isa.InsnTable;
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
 * CPU's stack set of the current nesting level and returns it on {@link #close()}. {@link #open} reuses
 * the run object of that nesting level (runs nest in LIFO order, so a level has at most one open run),
 * which keeps a program run free of allocation; nothing may keep a run after closing it.
 */
public final class BpfRun implements AutoCloseable {
    /** Per {@link ProgramType} ordinal: the ctx offsets of its packet, packet-end and packet-meta fields, or -1. */
    private static final int[][] PACKET_FIELDS = packetFields();

    private final SimCpu cpu;
    private final Memory memory;
    private ProgramImage image;
    private RunLog log;
    private final StackPool pool;
    private final StackPool.Frames frames;
    private final int[] callSites = new int[InsnTable.MAX_CALL_FRAMES];
    private int depth;
    private boolean stopped;
    /** The executing frame's stack: {@link MemoryOps} accesses it without a region lookup. */
    Region stack;

    /** Region id of the bound ctx, or -1 (no live region has that id). */
    int ctxRegionId = -1;
    /** {@link #PACKET_FIELDS} of the bound ctx's type, or null. */
    private int[] ctxPacketFields;
    private ProgramType type;
    private long ctx;
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

    private BpfRun(SimCpu cpu, StackPool pool, StackPool.Frames frames) {
        this.cpu = cpu;
        this.memory = cpu.machine().memory();
        this.pool = pool;
        this.frames = frames;
    }

    /**
     * A run of {@code image} on {@code cpu}, which the calling thread must be bound to: as the
     * constructor, but reusing the run object of the CPU's current nesting level.
     */
    public static BpfRun open(SimCpu cpu, ProgramImage image, RunLog log) {
        cpu.checkBound();
        StackPool pool = StackPool.of(cpu);
        StackPool.Frames frames = pool.acquire();
        BpfRun run = frames.run;
        if (run == null) {
            run = new BpfRun(cpu, pool, frames);
            frames.run = run;
        } else {
            run.reset();
        }
        run.image = image;
        run.log = log;
        return run;
    }

    /** The state of a new run (the constructor's field defaults). */
    private void reset() {
        // callTrace reads callSites[0..depth]; above 0 each is written by this run before depth reaches it.
        callSites[0] = 0;
        depth = 0;
        stopped = false;
        stack = null;
        ctxRegionId = -1;
        ctxPacketFields = null;
        packet = 0;
        packetEnd = 0;
        packetMeta = 0;
        type = null;
        ctx = 0;
    }

    private static int[][] packetFields() {
        ProgramType[] types = ProgramType.values();
        int[][] out = new int[types.length][];
        for (ProgramType t : types) {
            int[] offsets = {-1, -1, -1};
            for (CtxField f : t.fields()) {
                // As loadCtx's contract: the field a load at its offset finds, of a packet kind.
                if (t.fieldAt(f.offset()) == f) {
                    switch (f.kind()) {
                        case PACKET -> offsets[0] = f.offset();
                        case PACKET_END -> offsets[1] = f.offset();
                        case PACKET_META -> offsets[2] = f.offset();
                        default -> { }
                    }
                }
            }
            out[t.ordinal()] = offsets;
        }
        return out;
    }

    /**
     * Binds the program's context: 4-byte loads of the {@code PACKET*} fields of {@code type} from
     * {@code ctx} yield the given pointers, as the kernel's context rewrite does.
     */
    public void bindContext(Region ctx, ProgramType type, long packet, long packetEnd, long packetMeta) {
        this.ctxRegionId = ctx.id();
        this.ctxPacketFields = type == null ? null : PACKET_FIELDS[type.ordinal()];
        this.packet = packet;
        this.packetEnd = packetEnd;
        this.packetMeta = packetMeta;
        this.type = type;
        this.ctx = ctx.base();
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

    /**
     * Frame pointer ({@code r10}) of the stack for frame {@code depth} (0 = main), its top
     * {@code zeroBytes} bytes zeroed ({@link ProgramImage#frameBytesAt}).
     */
    public long enterFrame(int depth, int zeroBytes) {
        long fp = frames.enter(depth, zeroBytes);
        stack = frames.region(depth);
        return fp;
    }

    /** The executing frame's stack region: the one {@link #enterFrame} or {@link #returnToFrame} made current. */
    public Region frame() {
        return stack;
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
        int[] fields = ctxPacketFields;
        if (size == 4 && fields != null) {
            int off = Memory.offset(addr);
            if (off == fields[0]) {
                return packet;
            }
            if (off == fields[1]) {
                return packetEnd;
            }
            if (off == fields[2]) {
                return packetMeta;
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

    /** The type of the bound context, or null before {@link #bindContext}. */
    public ProgramType type() {
        return type;
    }

    /** The bound ctx pointer (what r1 held at entry), or 0. */
    public long ctxPointer() {
        return ctx;
    }

    /** The skb's data, or XDP's {@code data}; 0 without a packet. */
    public long packetData() {
        return packet;
    }

    /** {@code data_end}; 0 without a packet. */
    public long packetDataEnd() {
        return packetEnd;
    }

    /**
     * {@code data_meta}: the frame's start where the type has no metadata, so for an skb its mac header
     * (what {@code SKF_LL_OFF} loads count from); 0 without a packet.
     */
    public long packetDataMeta() {
        return packetMeta;
    }

    /** Moves the packet's bounds, as {@code bpf_xdp_adjust_head}, {@code _meta} and {@code _tail} do. */
    public void movePacket(long data, long dataEnd, long dataMeta) {
        this.packet = data;
        this.packetEnd = dataEnd;
        this.packetMeta = dataMeta;
    }


    @Override
    public void close() {
        pool.release(frames);
    }
}
