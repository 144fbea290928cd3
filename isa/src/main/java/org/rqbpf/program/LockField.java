package org.rqbpf.program;

/** A lock field found inside a value type: its kind and its byte offset from the start of the value. */
public record LockField(LockKind kind, int offset) {}
