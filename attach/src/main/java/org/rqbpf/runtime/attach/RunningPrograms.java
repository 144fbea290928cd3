package org.rqbpf.runtime.attach;

/**
 * The attached programs running on one CPU, innermost last (a hook's program interrupted by an NMI's
 * program...): what a sampling NMI reports as its {@code regs.ip}. Touched only by the CPU's thread.
 */
final class RunningPrograms {
    private int[] stack = new int[8];
    private int depth;

    void push(int program) {
        if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = program;
    }

    void pop() {
        depth--;
    }

    /** The innermost running program's index, or -1. */
    int innermost() {
        return depth == 0 ? -1 : stack[depth - 1];
    }
}
