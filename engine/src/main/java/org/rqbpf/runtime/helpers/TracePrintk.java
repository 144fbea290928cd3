package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.MemoryFault;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;

/**
 * Helper 6, {@code bpf_trace_printk(fmt, fmt_size, a1, a2, a3)}: formats {@code %d %i %u %x %ld %li %lu
 * %lx %lld %lli %llu %llx %s %%} into the run's trace log and returns the number of bytes written. As in
 * the kernel, at most three conversions are allowed, the format must be NUL-terminated within
 * {@code fmt_size}, and anything else returns {@code -EINVAL} without output; a {@code %s} whose pointer
 * cannot be read prints as the empty string.
 */
final class TracePrintk implements NativeFunction {
    /** The kernel's bound on a {@code %s} argument and on the whole output. */
    private static final int MAX_OUTPUT = 512;

    @Override
    public long call(BpfRun run, long fmt, long fmtSize, long a1, long a2, long a3) {
        String text = format(run.memory(), fmt, fmtSize, new long[] {a1, a2, a3});
        if (text == null) {
            return -Errno.EINVAL;
        }
        run.log().trace(text);
        return text.length();
    }

    /** The formatted text, or null when the format is invalid. */
    static String format(Memory memory, long fmt, long fmtSize, long[] args) {
        if (fmtSize <= 0 || fmtSize > MAX_OUTPUT) {
            return null;
        }
        String f = readFormat(memory, fmt, (int) fmtSize);
        if (f == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int arg = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 < f.length() && f.charAt(i + 1) == '%') {
                out.append('%');
                i++;
                continue;
            }
            int j = i + 1;
            int longs = 0;
            while (j < f.length() && f.charAt(j) == 'l' && longs < 2) {
                longs++;
                j++;
            }
            if (j >= f.length() || arg == args.length) {
                return null;
            }
            char conv = f.charAt(j);
            long v = args[arg++];
            switch (conv) {
                case 'd', 'i' -> out.append(longs == 0 ? Integer.toString((int) v) : Long.toString(v));
                case 'u' -> out.append(longs == 0 ? Integer.toUnsignedString((int) v) : Long.toUnsignedString(v));
                case 'x' -> out.append(longs == 0 ? Integer.toHexString((int) v) : Long.toHexString(v));
                case 's' -> {
                    if (longs != 0) {
                        return null;
                    }
                    out.append(readString(memory, v));
                }
                default -> {
                    return null;
                }
            }
            i = j;
        }
        return out.length() > MAX_OUTPUT ? out.substring(0, MAX_OUTPUT) : out.toString();
    }

    private static String readFormat(Memory memory, long fmt, int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            int b = (int) memory.load(fmt + i, 1);
            if (b == 0) {
                return sb.toString();
            }
            sb.append((char) b);
        }
        return null;
    }

    private static String readString(Memory memory, long p) {
        StringBuilder sb = new StringBuilder();
        try {
            for (int i = 0; i < MAX_OUTPUT; i++) {
                int b = (int) memory.load(p + i, 1);
                if (b == 0) {
                    break;
                }
                sb.append((char) b);
            }
        } catch (MemoryFault e) {
            return "";
        }
        return sb.toString();
    }
}
