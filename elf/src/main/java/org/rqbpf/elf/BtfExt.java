package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .BTF.ext} section: per code section, the BTF type of each function ({@code func_info}),
 * the source line of instructions ({@code line_info}) and the CO-RE relocations ({@code core_relo}).
 * Instruction offsets are in bytes from the start of their section, as clang writes them.
 *
 * <pre>
 * btf_ext_header: magic u16, version u8, flags u8, hdr_len u32,
 *                 func_info_off u32, func_info_len u32, line_info_off u32, line_info_len u32,
 *                 [core_relo_off u32, core_relo_len u32]         (offsets from the end of the header)
 * each info block: rec_size u32, then per section { sec_name_off u32, num_info u32, num_info x record }
 * func_info:  insn_off u32, type_id u32
 * line_info:  insn_off u32, file_name_off u32, line_off u32, line_col u32 (line &lt;&lt; 10 | column)
 * core_relo:  insn_off u32, type_id u32, access_str_off u32, kind u32
 * </pre>
 */
public final class BtfExt {
    public record FuncInfo(long insnOff, int typeId) {}

    public record LineInfo(long insnOff, long fileNameOff, long lineOff, int line, int column) {}

    public record CoreRelo(long insnOff, int typeId, long accessStrOff, int kind) {}

    private final Map<String, List<FuncInfo>> funcs = new HashMap<>();
    private final Map<String, List<LineInfo>> lines = new HashMap<>();
    private final Map<String, List<CoreRelo>> relos = new HashMap<>();

    private BtfExt() {}

    /** An object without {@code .BTF.ext}. */
    public static BtfExt empty() {
        return new BtfExt();
    }

    public static BtfExt parse(byte[] raw, Btf btf) throws MalformedObjectException {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.length < 24 || (b.getShort(0) & 0xffff) != Btf.MAGIC) {
            throw new MalformedObjectException(".BTF.ext: bad or truncated header");
        }
        long hdrLen = u32(b, 4);
        if (hdrLen < 24 || hdrLen > raw.length) {
            throw new MalformedObjectException(".BTF.ext: header length " + hdrLen + " outside the " + raw.length + "-byte section");
        }
        BtfExt ext = new BtfExt();
        ext.block(b, raw.length, hdrLen, u32(b, 8), u32(b, 12), 8, "func_info", btf,
                (sec, at) -> ext.funcs.computeIfAbsent(sec, s -> new ArrayList<>()).add(new FuncInfo(u32(b, at), b.getInt(at + 4))));
        ext.block(b, raw.length, hdrLen, u32(b, 16), u32(b, 20), 16, "line_info", btf, (sec, at) -> {
            int lineCol = b.getInt(at + 12);
            ext.lines.computeIfAbsent(sec, s -> new ArrayList<>()).add(new LineInfo(u32(b, at), u32(b, at + 4),
                    u32(b, at + 8), lineCol >>> 10, lineCol & 0x3ff));
        });
        if (hdrLen >= 32) {
            ext.block(b, raw.length, hdrLen, u32(b, 24), u32(b, 28), 16, "core_relo", btf,
                    (sec, at) -> ext.relos.computeIfAbsent(sec, s -> new ArrayList<>()).add(new CoreRelo(u32(b, at),
                            b.getInt(at + 4), u32(b, at + 8), b.getInt(at + 12))));
        }
        return ext;
    }

    private interface RecordSink {
        void accept(String section, int at);
    }

    private void block(ByteBuffer b, int size, long hdrLen, long off, long len, int minRec, String what, Btf btf,
            RecordSink sink) throws MalformedObjectException {
        if (len == 0) {
            return;
        }
        long start = hdrLen + off;
        long end = start + len;
        if (end > size || len < 4) {
            throw new MalformedObjectException(".BTF.ext: " + what + " outside the " + size + "-byte section");
        }
        long recSize = u32(b, (int) start);
        if (recSize < minRec || recSize > 256) {
            throw new MalformedObjectException(".BTF.ext: " + what + " record size " + recSize + " (at least " + minRec + ")");
        }
        long pos = start + 4;
        while (pos < end) {
            if (pos + 8 > end) {
                throw new MalformedObjectException(".BTF.ext: " + what + " section header cut off");
            }
            String sec = btf.string(u32(b, (int) pos));
            long n = u32(b, (int) pos + 4);
            pos += 8;
            if (n * recSize > end - pos) {
                throw new MalformedObjectException(".BTF.ext: " + what + " of section " + sec + ": " + n
                        + " records do not fit in the block");
            }
            for (long i = 0; i < n; i++, pos += recSize) {
                sink.accept(sec, (int) pos);
            }
        }
    }

    public List<FuncInfo> funcInfo(String section) {
        return funcs.getOrDefault(section, List.of());
    }

    public List<LineInfo> lineInfo(String section) {
        return lines.getOrDefault(section, List.of());
    }

    public List<CoreRelo> coreRelos(String section) {
        return relos.getOrDefault(section, List.of());
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffff_ffffL;
    }
}
