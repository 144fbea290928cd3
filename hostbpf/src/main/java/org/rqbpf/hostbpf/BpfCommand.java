package org.rqbpf.hostbpf;

/**
 * The {@code bpf(2)} commands this binding may issue, and no others: it creates, fills, reads and
 * freezes maps, loads BTF and programs, test-runs programs and reads object info. It never attaches,
 * links or pins anything, so the host kernel is left as it was once every descriptor is closed.
 */
public enum BpfCommand {
    MAP_CREATE(0),
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_GET_NEXT_KEY(4),
    PROG_LOAD(5),
    PROG_TEST_RUN(10),
    OBJ_GET_INFO_BY_FD(15),
    BTF_LOAD(18),
    MAP_FREEZE(22);

    final int number;

    BpfCommand(int number) {
        this.number = number;
    }

    /** The kernel's name, e.g. {@code BPF_PROG_LOAD}. */
    public String kernelName() {
        return "BPF_" + name();
    }
}
