package org.rqbpf.verifier.state;

/** Which kfuncs saved an IRQ flag: {@code bpf_local_irq_save} (native) or {@code _irqsave} (lock). */
public enum IrqClass {
    NATIVE("native"),
    LOCK("lock");

    private final String spelling;

    IrqClass(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }
}
