package org.rqbpf.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes {@code .BTF.ext} as clang writes it and {@link BtfExt} reads it: a 32-byte header, then the
 * {@code func_info} and {@code line_info} subsections, each a record size followed by one block per
 * code section (the section's name offset in {@code .BTF}'s strings, the record count, the records).
 * Instruction offsets are in bytes from the start of the section; no CO-RE relocations are written.
 *
 * <pre>
 * header:    magic u16 0xeB9F | version u8 1 | flags u8 0 | hdr_len u32 32 |
 *            func_info_off u32 | func_info_len u32 | line_info_off u32 | line_info_len u32 |
 *            core_relo_off u32 | core_relo_len u32          (offsets from the end of the header)
 * func_info: insn_off u32 | type_id u32
 * line_info: insn_off u32 | file_name_off u32 | line_off u32 | line &lt;&lt; 10 | column u32
 * </pre>
 */
final class BtfExtWriter {
    private static final int HEADER_LEN = 32;

    private final Map<Integer, List<int[]>> funcs = new LinkedHashMap<>();
    private final Map<Integer, List<int[]>> lines = new LinkedHashMap<>();

    /** A {@code func_info} record of the section named by string {@code sectionName}. */
    void func(int sectionName, int insnByteOffset, int typeId) {
        funcs.computeIfAbsent(sectionName, k -> new ArrayList<>()).add(new int[] {insnByteOffset, typeId});
    }

    /** A {@code line_info} record of the section named by string {@code sectionName}. */
    void line(int sectionName, int insnByteOffset, int fileName, int lineText, int line, int column) {
        lines.computeIfAbsent(sectionName, k -> new ArrayList<>())
                .add(new int[] {insnByteOffset, fileName, lineText, line << 10 | (column & 0x3ff)});
    }

    byte[] bytes() {
        byte[] f = subsection(funcs, 8);
        byte[] l = subsection(lines, 16);
        ByteBuffer out = ByteBuffer.allocate(HEADER_LEN + f.length + l.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) BtfWriter.MAGIC).put((byte) 1).put((byte) 0).putInt(HEADER_LEN);
        out.putInt(0).putInt(f.length).putInt(f.length).putInt(l.length).putInt(f.length + l.length).putInt(0);
        out.put(f).put(l);
        return out.array();
    }

    private static byte[] subsection(Map<Integer, List<int[]>> blocks, int recordSize) {
        if (blocks.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        write(b, recordSize);
        for (Map.Entry<Integer, List<int[]>> e : blocks.entrySet()) {
            write(b, e.getKey());
            write(b, e.getValue().size());
            for (int[] rec : e.getValue()) {
                for (int v : rec) {
                    write(b, v);
                }
            }
        }
        return b.toByteArray();
    }

    private static void write(ByteArrayOutputStream b, int v) {
        b.write(v);
        b.write(v >>> 8);
        b.write(v >>> 16);
        b.write(v >>> 24);
    }
}
