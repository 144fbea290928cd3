package org.rqbpf.program;

/**
 * A global variable: its section's map (by index into {@link Program#maps()}) and its offset in that
 * map's single value.
 */
public record GlobalVar(String name, String section, int mapIndex, int offset, CType type, SourcePos pos) {}
