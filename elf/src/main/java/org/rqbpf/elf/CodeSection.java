package org.rqbpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.isa.RawInsn;

/**
 * One executable section of the object: its instructions (relocated in place by {@link ObjectLoader}) and
 * its functions, each a symbol's range of instruction slots.
 */
final class CodeSection {
    /** A function symbol of the section: slots {@code [start, end)}. */
    record Function(String name, int start, int end, boolean global) {}

    final ElfObject.Section section;
    final RawInsn[] insns;
    final List<Function> functions = new ArrayList<>();

    CodeSection(ElfObject.Section section, byte[] bytes) throws MalformedObjectException {
        if (bytes.length % 8 != 0) {
            throw new MalformedObjectException("section " + section.name() + ": " + bytes.length
                    + " bytes is not a whole number of 8-byte instructions");
        }
        this.section = section;
        this.insns = new RawInsn[bytes.length / 8];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.length; i++) {
            insns[i] = RawInsn.fromLong(b.getLong(i * 8));
        }
    }

    String name() {
        return section.name();
    }

    /** The function starting at slot {@code slot}, or null. */
    Function functionAt(int slot) {
        for (Function f : functions) {
            if (f.start() == slot) {
                return f;
            }
        }
        return null;
    }

    /** The function containing slot {@code slot}, or null. */
    Function functionContaining(int slot) {
        for (Function f : functions) {
            if (slot >= f.start() && slot < f.end()) {
                return f;
            }
        }
        return null;
    }
}
