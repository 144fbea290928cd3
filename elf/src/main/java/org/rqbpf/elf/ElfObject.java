package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A relocatable ELF64 little-endian object for {@code EM_BPF}, as clang writes it: its sections, its
 * symbol table and its {@code SHT_REL} relocations. Every offset and size is checked against the file
 * before it is used, so a truncated or corrupted object is reported, never read past its end.
 *
 * <pre>
 * Elf64_Ehdr (64 bytes) ... section contents ... Elf64_Shdr[e_shnum] (64 bytes each)
 * .symtab: Elf64_Sym[] (24 bytes: name u32, info u8, other u8, shndx u16, value u64, size u64)
 * .rel*:   Elf64_Rel[] (16 bytes: offset u64, info u64 = symbol &lt;&lt; 32 | type)
 * </pre>
 */
public final class ElfObject {
    public static final int EM_BPF = 247;
    public static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8, SHT_REL = 9;
    public static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    public static final int STV_HIDDEN = 2;
    public static final int SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2;
    /** The BPF relocations: an {@code ld_imm64} of a map or variable, a call of a function. */
    public static final int R_BPF_64_64 = 1, R_BPF_64_32 = 10;
    private static final int EHDR_SIZE = 64, SHDR_SIZE = 64, SYM_SIZE = 24, REL_SIZE = 16;

    /** A section header, with its name resolved. */
    public record Section(int index, String name, int type, long flags, long offset, long size, int link, int info,
            long entsize) {
        public boolean executable() {
            return (flags & SHF_EXECINSTR) != 0;
        }
    }

    /** A symbol: {@code section} is its {@code st_shndx} (0 when undefined). */
    public record Symbol(int index, String name, int type, int bind, int visibility, int section, long value, long size) {
        public boolean undefined() {
            return section == SHN_UNDEF;
        }
    }

    /** A relocation at {@code offset} into its target section. */
    public record Relocation(long offset, int type, Symbol symbol) {}

    private final byte[] raw;
    private final ByteBuffer buf;
    private final List<Section> sections;
    private final List<Symbol> symbols;

    private ElfObject(byte[] raw) throws MalformedObjectException {
        this.raw = raw;
        this.buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        this.sections = readSections();
        this.symbols = readSymbols();
    }

    /** Whether {@code bytes} start with the ELF magic (the CLI's choice between the two front ends). */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    public static ElfObject parse(byte[] raw) throws MalformedObjectException {
        if (!isElf(raw)) {
            throw new MalformedObjectException("not an ELF file (no \\x7fELF magic)");
        }
        if (raw.length < EHDR_SIZE) {
            throw new MalformedObjectException("truncated ELF header (" + raw.length + " bytes, need " + EHDR_SIZE + ")");
        }
        if (raw[4] != 2) {
            throw new MalformedObjectException("not a 64-bit ELF object (EI_CLASS " + raw[4] + ")");
        }
        if (raw[5] != 1) {
            throw new MalformedObjectException("not a little-endian ELF object (EI_DATA " + raw[5] + "); rqbpf reads bpfel objects");
        }
        return new ElfObject(raw);
    }

    private List<Section> readSections() throws MalformedObjectException {
        int type = u16(16);
        int machine = u16(18);
        if (type != 1) {
            throw new MalformedObjectException("not a relocatable object (e_type " + type + "; clang -c writes 1)");
        }
        if (machine != EM_BPF) {
            throw new MalformedObjectException("not a BPF object (e_machine " + machine + ", BPF is " + EM_BPF + ")");
        }
        long shoff = buf.getLong(40);
        int shentsize = u16(58);
        int shnum = u16(60);
        int shstrndx = u16(62);
        if (shnum == 0) {
            throw new MalformedObjectException("no section headers");
        }
        if (shentsize != SHDR_SIZE) {
            throw new MalformedObjectException("section header size " + shentsize + " (ELF64 has " + SHDR_SIZE + ")");
        }
        check(shoff, (long) shnum * SHDR_SIZE, "the section header table");
        if (shstrndx >= shnum) {
            throw new MalformedObjectException("section name table index " + shstrndx + " out of range (" + shnum + " sections)");
        }
        long[][] headers = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * SHDR_SIZE);
            headers[i] = new long[] {u32(at), u32(at + 4), buf.getLong(at + 8), buf.getLong(at + 24), buf.getLong(at + 32),
                u32(at + 40), u32(at + 44), buf.getLong(at + 56)};
            if (headers[i][1] != SHT_NOBITS && i != 0) {
                check(headers[i][3], headers[i][4], "section " + i);
            }
        }
        long[] names = headers[shstrndx];
        List<Section> out = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            long[] h = headers[i];
            String name = i == 0 ? "" : string(names[3], names[4], h[0], "section " + i + "'s name");
            if (h[5] >= shnum || h[6] < 0) {
                throw new MalformedObjectException("section " + name + ": link " + h[5] + " out of range");
            }
            out.add(new Section(i, name, (int) h[1], h[2], h[3], h[4], (int) h[5], (int) h[6], h[7]));
        }
        return Collections.unmodifiableList(out);
    }

    private List<Symbol> readSymbols() throws MalformedObjectException {
        Section symtab = null;
        for (Section s : sections) {
            if (s.type() == SHT_SYMTAB) {
                if (symtab != null) {
                    throw new MalformedObjectException("more than one symbol table");
                }
                symtab = s;
            }
        }
        if (symtab == null) {
            return List.of();
        }
        if (symtab.size() % SYM_SIZE != 0) {
            throw new MalformedObjectException(".symtab size " + symtab.size() + " is not a multiple of " + SYM_SIZE);
        }
        Section strtab = sections.get(symtab.link());
        if (strtab.type() != SHT_STRTAB) {
            throw new MalformedObjectException(".symtab links section " + strtab.index() + ", which is not a string table");
        }
        int n = (int) (symtab.size() / SYM_SIZE);
        List<Symbol> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = (int) (symtab.offset() + (long) i * SYM_SIZE);
            int info = raw[at + 4] & 0xff;
            int shndx = u16(at + 6);
            if (shndx >= sections.size() && shndx < 0xff00) {
                throw new MalformedObjectException("symbol " + i + ": section index " + shndx + " out of range ("
                        + sections.size() + " sections)");
            }
            String name = string(strtab.offset(), strtab.size(), u32(at), "symbol " + i + "'s name");
            out.add(new Symbol(i, name, info & 0xf, info >>> 4, raw[at + 5] & 3, shndx, buf.getLong(at + 8),
                    buf.getLong(at + 16)));
        }
        return Collections.unmodifiableList(out);
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Symbol> symbols() {
        return symbols;
    }

    /** The section named {@code name}, or null. */
    public Section section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The contents of {@code s} (zeros for {@code SHT_NOBITS}). */
    public byte[] bytes(Section s) throws MalformedObjectException {
        if (s.size() > Integer.MAX_VALUE) {
            throw new MalformedObjectException("section " + s.name() + " is too large (" + s.size() + " bytes)");
        }
        if (s.type() == SHT_NOBITS) {
            return new byte[(int) s.size()];
        }
        byte[] out = new byte[(int) s.size()];
        System.arraycopy(raw, (int) s.offset(), out, 0, out.length);
        return out;
    }

    /** The relocations of section {@code target} (every {@code SHT_REL} section whose {@code sh_info} names it). */
    public List<Relocation> relocations(Section target) throws MalformedObjectException {
        List<Relocation> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.type() != SHT_REL || s.info() != target.index()) {
                continue;
            }
            if (s.size() % REL_SIZE != 0) {
                throw new MalformedObjectException(s.name() + " size " + s.size() + " is not a multiple of " + REL_SIZE);
            }
            for (long at = s.offset(); at < s.offset() + s.size(); at += REL_SIZE) {
                long offset = buf.getLong((int) at);
                long info = buf.getLong((int) at + 8);
                long sym = info >>> 32;
                if (sym >= symbols.size()) {
                    throw new MalformedObjectException(s.name() + ": relocation at offset " + offset + " names symbol "
                            + sym + " (the table has " + symbols.size() + ")");
                }
                if (offset < 0 || offset >= target.size()) {
                    throw new MalformedObjectException(s.name() + ": relocation at offset " + offset + " is past the end of "
                            + target.name() + " (" + target.size() + " bytes)");
                }
                out.add(new Relocation(offset, (int) info, symbols.get((int) sym)));
            }
        }
        return out;
    }

    private void check(long offset, long size, String what) throws MalformedObjectException {
        if (offset < 0 || size < 0 || offset > raw.length || size > raw.length - offset) {
            throw new MalformedObjectException(what + " (offset " + offset + ", " + size + " bytes) is past the end of the file ("
                    + raw.length + " bytes)");
        }
    }

    private String string(long tableOffset, long tableSize, long at, String what) throws MalformedObjectException {
        if (at >= tableSize) {
            throw new MalformedObjectException(what + " (string " + at + ") is outside its string table (" + tableSize + " bytes)");
        }
        int start = (int) (tableOffset + at);
        int end = start;
        int limit = (int) (tableOffset + tableSize);
        while (end < limit && raw[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw new MalformedObjectException(what + " is not terminated inside its string table");
        }
        return new String(raw, start, end - start, StandardCharsets.UTF_8);
    }

    private int u16(int at) {
        return buf.getShort(at) & 0xffff;
    }

    private long u32(int at) {
        return buf.getInt(at) & 0xffff_ffffL;
    }
}
