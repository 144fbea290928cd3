package org.rqbpf.verifier.state;

import org.rqbpf.isa.InsnTable;

/**
 * One call frame: eleven registers and a 512-byte stack of 64 slots (allocated as they are used).
 * Copies share their {@link Reg} and {@link StackSlot} objects: those are never changed once stored;
 * a change stores a new object ({@link #slotForWrite}).
 */
public final class Frame {
    public static final int SLOTS = InsnTable.STACK_SIZE / 8;

    public final Reg[] regs = new Reg[InsnTable.REGISTERS];
    public StackSlot[] stack = new StackSlot[0];
    /** The index of the call instruction that created this frame (-1 for frame 0). */
    public final int callsite;
    /** The first instruction of the function this frame runs. */
    public final int funcStart;
    public final int frameno;

    public Frame(int frameno, int callsite, int funcStart) {
        this.frameno = frameno;
        this.callsite = callsite;
        this.funcStart = funcStart;
    }

    public Frame copy() {
        Frame f = new Frame(frameno, callsite, funcStart);
        System.arraycopy(regs, 0, f.regs, 0, regs.length);
        f.stack = stack.clone();
        return f;
    }

    /** The slot with index {@code spi} (0 = fp-8), or null when never touched. */
    public StackSlot slotOrNull(int spi) {
        return spi < stack.length ? stack[spi] : null;
    }

    /** A private copy of slot {@code spi} stored in this frame, ready to change (created all INVALID when new). */
    public StackSlot slotForWrite(int spi) {
        if (spi >= stack.length) {
            StackSlot[] grown = new StackSlot[Math.max(spi + 1, Math.min(SLOTS, stack.length * 2))];
            System.arraycopy(stack, 0, grown, 0, stack.length);
            stack = grown;
        }
        stack[spi] = stack[spi] == null ? new StackSlot() : stack[spi].copy();
        return stack[spi];
    }
}
