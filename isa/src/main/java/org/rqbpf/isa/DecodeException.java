package org.rqbpf.isa;

/** An instruction slot that is not a valid encoding; the message names the slot and the reason. */
public final class DecodeException extends Exception {
    private final int slot;

    public DecodeException(int slot, String reason) {
        super("invalid instruction at " + slot + ": " + reason);
        this.slot = slot;
    }

    public int slot() {
        return slot;
    }
}
