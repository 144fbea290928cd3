package org.rqbpf.elf;

/** A program that an ELF object cannot express (one line, naming the program and the instruction). */
public final class ObjectWriteException extends Exception {
    public ObjectWriteException(String message) {
        super(message);
    }
}
