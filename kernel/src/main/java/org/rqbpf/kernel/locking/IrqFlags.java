package org.rqbpf.kernel.locking;

/**
 * Holder of saved IRQ flags for {@link RqSpinLock#lockIrqSave(IrqFlags)} (the kernel's
 * {@code unsigned long flags} out-parameter). Written only on a successful acquisition.
 */
public final class IrqFlags {
    private long value;

    /** Flags 0. */
    public IrqFlags() {}

    /** Flags {@code value} (e.g. a sentinel in tests). */
    public IrqFlags(long value) {
        this.value = value;
    }

    /** The saved flags ({@code 0x200} = IRQs were enabled). */
    public long value() {
        return value;
    }

    /** Sets the flags. */
    public void set(long v) {
        this.value = v;
    }

    @Override
    public String toString() {
        return String.format("IrqFlags[0x%x]", value);
    }
}
