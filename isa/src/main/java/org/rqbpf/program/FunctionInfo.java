package org.rqbpf.program;

/**
 * A function inside a program's image: the program body itself ({@link Kind#MAIN}, always at 0) or a
 * subprogram reached through calls.
 *
 * @param name the label that names it
 * @param start index of its first instruction slot in the image
 * @param end index one past its last slot
 * @param kind main body, static or global subprogram
 */
public record FunctionInfo(String name, int start, int end, Kind kind) {
    public enum Kind { MAIN, STATIC, GLOBAL }
}
