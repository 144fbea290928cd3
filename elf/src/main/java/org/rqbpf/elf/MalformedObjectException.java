package org.rqbpf.elf;

/**
 * An object file the reader cannot accept: not ELF64 little-endian for BPF, a structure that points
 * outside the file, or BTF, maps, relocations or programs that do not make sense. The message is one
 * line naming what is wrong and where.
 */
public final class MalformedObjectException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedObjectException(String message) {
        super(message);
    }
}
