package org.rqbpf.hostbpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rqbpf.elf.BtfWriter;

/**
 * The running kernel's own BTF ({@code /sys/kernel/btf/vmlinux}), read once for the ids of its
 * functions: a kfunc call names its target by the vmlinux BTF id of the function's {@code FUNC} type.
 */
public final class VmlinuxBtf {
    public static final Path PATH = Path.of("/sys/kernel/btf/vmlinux");
    private static volatile VmlinuxBtf loaded;

    private final Map<String, Integer> funcIds;

    private VmlinuxBtf(Map<String, Integer> funcIds) {
        this.funcIds = funcIds;
    }

    /** The host's vmlinux BTF (read on first use). */
    public static VmlinuxBtf host() throws IOException {
        VmlinuxBtf v = loaded;
        if (v == null) {
            v = parse(Files.readAllBytes(PATH));
            loaded = v;
        }
        return v;
    }

    /** The BTF id of function {@code name}, or -1 when the kernel has none. */
    public int funcId(String name) {
        return funcIds.getOrDefault(name, -1);
    }

    static VmlinuxBtf parse(byte[] raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.length < 24 || (b.getShort(0) & 0xffff) != BtfWriter.MAGIC) {
            throw new IOException("not BTF (bad magic)");
        }
        int hdrLen = b.getInt(4);
        int typeOff = hdrLen + b.getInt(8), typeLen = b.getInt(12);
        int strOff = hdrLen + b.getInt(16);
        Map<String, Integer> funcs = new HashMap<>();
        int pos = typeOff, end = typeOff + typeLen, id = 1;
        while (pos < end) {
            int nameOff = b.getInt(pos), info = b.getInt(pos + 4);
            int kind = info >>> 24 & 0x1f, vlen = info & 0xffff;
            if (kind == BtfWriter.KIND_FUNC) {
                funcs.put(cString(raw, strOff + nameOff), id);
            }
            pos += 12 + extra(kind, vlen);
            id++;
        }
        return new VmlinuxBtf(funcs);
    }

    /** Bytes after {@code struct btf_type} for each kind (btf.rst §2.2). */
    private static int extra(int kind, int vlen) throws IOException {
        return switch (kind) {
            case 1, 14, 17 -> 4;                 // INT, VAR, DECL_TAG
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            case 3 -> 12;                        // ARRAY
            case 4, 5, 15, 19 -> 12 * vlen;      // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 8 * vlen;              // ENUM, FUNC_PROTO
            default -> throw new IOException("unknown BTF kind " + kind);
        };
    }

    private static String cString(byte[] raw, int at) {
        int e = at;
        while (e < raw.length && raw[e] != 0) {
            e++;
        }
        return new String(raw, at, e - at, StandardCharsets.UTF_8);
    }
}
