package org.rqbpf.runtime.attach;

import org.rqbpf.runtime.ProgramContext;

/**
 * A kprobe at {@code htab_map_update_elem(map, key, value, map_flags)} or
 * {@code trie_update_elem(map, key, value, flags)}: the x86-64 {@code pt_regs} at function entry, with
 * {@code di} = the map pointer (as programs hold it), {@code cx} = the flags and {@code ip} = the
 * function's simulated address. {@code si} and {@code dx} (key and value) are 0: the simulated kernel
 * keeps them in Java arrays, not at addresses, and a kprobe program has no helper to read through them.
 * Created per firing, because kprobes nest (a probe program may update a map itself).
 */
final class KprobeHit implements HookEvent {
    /** Simulated addresses of the probed functions (kallsyms). */
    static final long HTAB_MAP_UPDATE_ELEM = 0xffff_ffff_8132_4a10L;
    static final long TRIE_UPDATE_ELEM = 0xffff_ffff_8133_9c40L;

    private final long function;
    private final long mapPointer;
    private final long flags;

    KprobeHit(long function, long mapPointer, long flags) {
        this.function = function;
        this.mapPointer = mapPointer;
        this.flags = flags;
    }

    @Override
    public void writeCtx(ProgramContext ctx) {
        byte[] c = ctx.ctx().bytes();
        java.util.Arrays.fill(c, (byte) 0);
        CtxBytes.u64(c, 88, flags);
        CtxBytes.u64(c, 112, mapPointer);
        CtxBytes.u64(c, 128, function);
        CtxBytes.u64(c, 136, 0x10);
        CtxBytes.u64(c, 144, 0x46);
    }
}
