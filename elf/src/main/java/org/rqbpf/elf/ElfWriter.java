package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a relocatable ELF64 little-endian {@code EM_BPF} object in the layout {@link ElfObject} reads:
 * the header, each section's contents (aligned), then the section headers. One string table
 * ({@code .strtab}) names both sections and symbols, as clang's objects do. Local symbols come before
 * global ones ({@code .symtab}'s {@code sh_info} is the first global), and every relocation section is
 * an {@code SHT_REL} table linked to the symbol table.
 *
 * <p>Use: add the sections ({@link #section}), then the symbols ({@link #symbol}, locals first), then
 * the relocations of each code section ({@link #relocation}); {@link #bytes} lays the file out.
 */
final class ElfWriter {
    private static final int EHDR_SIZE = 64, SHDR_SIZE = 64, SYM_SIZE = 24, REL_SIZE = 16;
    private static final int ET_REL = 1;

    private record Section(String name, int type, long flags, byte[] data, long size, int align, int link, int info,
            int entsize) {}

    private record Symbol(String name, int type, int bind, int section, long value, long size) {}

    private record Rel(long offset, int symbol, int type) {}

    private final List<Section> sections = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final Map<Integer, List<Rel>> relocations = new HashMap<>();
    private boolean globalsStarted;

    ElfWriter() {
        sections.add(new Section("", 0, 0, new byte[0], 0, 0, 0, 0, 0));
        symbols.add(new Symbol("", 0, ElfObject.STB_LOCAL, 0, 0, 0));
    }

    /** Adds a section with contents; returns its index. */
    int section(String name, int type, long flags, byte[] data, int align) {
        sections.add(new Section(name, type, flags, data, data.length, align, 0, 0, 0));
        return sections.size() - 1;
    }

    /** Adds an {@code SHT_NOBITS} section of {@code size} bytes ({@code .bss}); returns its index. */
    int nobits(String name, long flags, long size, int align) {
        sections.add(new Section(name, ElfObject.SHT_NOBITS, flags, new byte[0], size, align, 0, 0, 0));
        return sections.size() - 1;
    }

    /** Adds a symbol; locals must all come before the first global. Returns its index. */
    int symbol(String name, int type, int bind, int section, long value, long size) {
        if (bind == ElfObject.STB_LOCAL && globalsStarted) {
            throw new IllegalStateException("local symbol " + name + " after a global one");
        }
        globalsStarted |= bind != ElfObject.STB_LOCAL;
        symbols.add(new Symbol(name, type, bind, section, value, size));
        return symbols.size() - 1;
    }

    /** A relocation of {@code type} at byte {@code offset} of section {@code section} against {@code symbol}. */
    void relocation(int section, long offset, int symbol, int type) {
        relocations.computeIfAbsent(section, k -> new ArrayList<>()).add(new Rel(offset, symbol, type));
    }

    /** The object file. */
    byte[] bytes() {
        StringTable names = new StringTable();
        List<Section> all = new ArrayList<>(sections);
        int symtabIndex = all.size() + relocations.size();
        for (int target = 0; target < sections.size(); target++) {
            List<Rel> rels = relocations.get(target);
            if (rels == null) {
                continue;
            }
            ByteBuffer b = le(REL_SIZE * rels.size());
            for (Rel r : rels) {
                b.putLong(r.offset()).putLong((long) r.symbol() << 32 | r.type());
            }
            all.add(new Section(".rel" + sections.get(target).name(), ElfObject.SHT_REL, 0, b.array(), b.capacity(), 8,
                    symtabIndex, target, REL_SIZE));
        }
        int firstGlobal = symbols.size();
        ByteBuffer syms = le(SYM_SIZE * symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            Symbol s = symbols.get(i);
            if (s.bind() != ElfObject.STB_LOCAL && i < firstGlobal) {
                firstGlobal = i;
            }
            syms.putInt(names.add(s.name())).put((byte) (s.bind() << 4 | s.type())).put((byte) 0)
                    .putShort((short) s.section()).putLong(s.value()).putLong(s.size());
        }
        int strtabIndex = symtabIndex + 1;
        all.add(new Section(".symtab", ElfObject.SHT_SYMTAB, 0, syms.array(), syms.capacity(), 8, strtabIndex, firstGlobal,
                SYM_SIZE));
        for (Section s : all) {
            names.add(s.name());
        }
        names.add(".strtab");
        byte[] strtab = names.bytes();
        all.add(new Section(".strtab", ElfObject.SHT_STRTAB, 0, strtab, strtab.length, 1, 0, 0, 0));

        long[] offsets = new long[all.size()];
        long at = EHDR_SIZE;
        for (int i = 1; i < all.size(); i++) {
            Section s = all.get(i);
            at = align(at, Math.max(1, s.align()));
            offsets[i] = at;
            if (s.type() != ElfObject.SHT_NOBITS) {
                at += s.data().length;
            }
        }
        long shoff = align(at, 8);
        ByteBuffer out = le((int) (shoff + (long) SHDR_SIZE * all.size()));
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        out.putShort((short) ET_REL).putShort((short) ElfObject.EM_BPF).putInt(1).putLong(0).putLong(0).putLong(shoff)
                .putInt(0).putShort((short) EHDR_SIZE).putShort((short) 0).putShort((short) 0).putShort((short) SHDR_SIZE)
                .putShort((short) all.size()).putShort((short) strtabIndex);
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).type() != ElfObject.SHT_NOBITS) {
                out.put((int) offsets[i], all.get(i).data());
            }
        }
        out.position((int) shoff);
        for (int i = 0; i < all.size(); i++) {
            Section s = all.get(i);
            out.putInt(i == 0 ? 0 : names.add(s.name())).putInt(s.type()).putLong(s.flags()).putLong(0).putLong(offsets[i])
                    .putLong(s.size()).putInt(s.link()).putInt(s.info()).putLong(s.align()).putLong(s.entsize());
        }
        return out.array();
    }

    private static long align(long v, long a) {
        return (v + a - 1) / a * a;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
