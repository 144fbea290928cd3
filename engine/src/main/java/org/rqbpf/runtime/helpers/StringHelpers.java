package org.rqbpf.runtime.helpers;

import java.math.BigInteger;
import org.rqbpf.abi.Errno;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;

/**
 * {@code bpf_strtol(buf, buf_len, flags, res)} and {@code bpf_strtoul}, as kernel/bpf/helpers.c parses:
 * at most {@code buf_len} bytes (stopping at a NUL, at most 63), leading white space, an optional sign,
 * then digits in the base of {@code flags} (0: from the prefix, {@code 0x} hexadecimal, {@code 0} octal;
 * else 8, 10 or 16). Returns the bytes consumed and stores the value; -EINVAL for bad flags, no digits
 * or (strtoul) a minus sign; -ERANGE when the value does not fit.
 */
final class StringHelpers {
    private static final int BASE_MASK = 0x1f;
    private static final int MAX_CHARS = 63;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private StringHelpers() {}

    static final NativeFunction STRTOL = (run, buf, len, flags, res, e) -> parse(run, buf, len, flags, res, true);
    static final NativeFunction STRTOUL = (run, buf, len, flags, res, e) -> parse(run, buf, len, flags, res, false);

    private static long parse(BpfRun run, long buf, long len, long flags, long res, boolean signed) {
        if ((flags & ~BASE_MASK) != 0 || len == 0) {
            return -Errno.EINVAL;
        }
        int base = (int) (flags & BASE_MASK);
        if (base != 0 && base != 8 && base != 10 && base != 16) {
            return -Errno.EINVAL;
        }
        int n = (int) Math.min(len, MAX_CHARS);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = (int) run.memory().load(buf + i, 1);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        String s = sb.toString();
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        if (base == 0) {
            base = s.startsWith("0x", i) || s.startsWith("0X", i) ? 16 : s.startsWith("0", i) ? 8 : 10;
        }
        if (base == 16 && (s.startsWith("0x", i) || s.startsWith("0X", i)) && i + 2 < s.length()
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
        }
        int start = i;
        while (i < s.length() && Character.digit(s.charAt(i), base) >= 0) {
            i++;
        }
        if (i == start) {
            return -Errno.EINVAL;
        }
        BigInteger v = new BigInteger(s.substring(start, i), base);
        if (v.compareTo(U64_MAX) > 0) {
            return -Errno.ERANGE;
        }
        long value;
        if (signed) {
            BigInteger limit = negative ? BigInteger.ONE.shiftLeft(63) : BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
            if (v.compareTo(limit) > 0) {
                return -Errno.ERANGE;
            }
            value = negative ? v.negate().longValue() : v.longValue();
        } else {
            if (negative) {
                return -Errno.EINVAL;
            }
            value = v.longValue();
        }
        run.memory().store(res, 8, value);
        return i;
    }
}
