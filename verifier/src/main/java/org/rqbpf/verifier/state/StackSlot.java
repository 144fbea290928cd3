package org.rqbpf.verifier.state;

import java.util.Arrays;

/**
 * One 8-byte stack slot. Byte {@code i} of {@code types} describes the byte at {@code slotTop - 1 - i}
 * (the kernel's order, which is also the order the log prints them in).
 */
public final class StackSlot {
    public final SlotType[] types = new SlotType[8];
    /** The register spilled here when all eight bytes are {@link SlotType#SPILL}. */
    public Reg spilled;
    /** For a flag slot: the id of its {@code IRQ} reference and its class. */
    public int irqRef;
    public IrqClass irqClass;

    public StackSlot() {
        Arrays.fill(types, SlotType.INVALID);
    }

    public StackSlot copy() {
        StackSlot s = new StackSlot();
        System.arraycopy(types, 0, s.types, 0, 8);
        s.spilled = spilled == null ? null : spilled.copy();
        s.irqRef = irqRef;
        s.irqClass = irqClass;
        return s;
    }

    /** A register spilled here, of 8 bytes or, for a scalar, narrower ({@link #spillSize()}); the kernel's {@code is_spilled_reg}. */
    public boolean isSpill() {
        return types[7] == SlotType.SPILL && spilled != null;
    }

    /** Bytes of the spill, counted from the slot's lowest address (index 7 is the byte at the slot's start). */
    public int spillSize() {
        int n = 0;
        for (int i = 7; i >= 0 && types[i] == SlotType.SPILL; i--) {
            n++;
        }
        return n;
    }

    public boolean isIrqFlag() {
        for (SlotType t : types) {
            if (t != SlotType.IRQ_FLAG) {
                return false;
            }
        }
        return true;
    }

    public boolean anyIrqFlag() {
        for (SlotType t : types) {
            if (t == SlotType.IRQ_FLAG) {
                return true;
            }
        }
        return false;
    }

    public boolean allInvalid() {
        for (SlotType t : types) {
            if (t != SlotType.INVALID) {
                return false;
            }
        }
        return true;
    }

    public void fill(SlotType t) {
        Arrays.fill(types, t);
        spilled = null;
        irqRef = 0;
        irqClass = null;
    }
}
