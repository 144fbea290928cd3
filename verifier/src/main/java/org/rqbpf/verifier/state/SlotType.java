package org.rqbpf.verifier.state;

/** What one byte of the stack holds (the kernel's {@code STACK_*}), with its log character. */
public enum SlotType {
    INVALID('?'),
    SPILL('r'),
    MISC('m'),
    ZERO('0'),
    IRQ_FLAG('f');

    private final char mark;

    SlotType(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }
}
