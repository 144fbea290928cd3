package org.rqbpf.program;

import java.util.ArrayList;
import java.util.List;

/**
 * A C type of the declaration language, with C layout (natural alignment, size rounded up to the
 * largest member alignment).
 */
public sealed interface CType permits CType.Scalar, CType.Array, CType.Struct, CType.Lock {
    int size();

    int align();

    /** Human spelling as in the source, e.g. {@code u32}, {@code struct elem}, {@code u8[16]}. */
    String spelling();

    /** {@code u8 .. u64}, {@code s8 .. s64} (C spellings map onto these). */
    record Scalar(String spelling, int size, boolean signed) implements CType {
        @Override
        public int align() {
            return size;
        }
    }

    record Array(CType element, int length) implements CType {
        @Override
        public int size() {
            return element.size() * length;
        }

        @Override
        public int align() {
            return element.align();
        }

        @Override
        public String spelling() {
            return element.spelling() + "[" + length + "]";
        }
    }

    /** A struct with laid-out fields; {@code size} already includes tail padding. */
    record Struct(String name, List<Field> fields, int size, int align) implements CType {
        @Override
        public String spelling() {
            return "struct " + name;
        }
    }

    /** {@code struct bpf_res_spin_lock} or {@code struct bpf_spin_lock}. */
    record Lock(LockKind kind) implements CType {
        @Override
        public int size() {
            return 4;
        }

        @Override
        public int align() {
            return 4;
        }

        @Override
        public String spelling() {
            return "struct " + kind.typeName();
        }
    }

    /** A struct member at its laid-out offset. */
    record Field(String name, CType type, int offset) {}
}
