package org.rqbpf.program;

/**
 * One line-info record of a program image, as {@code .BTF.ext} carries it and the kernel keeps it
 * ({@code struct bpf_line_info}): from slot {@code slot} on, until the next record, the instructions
 * come from source line {@code pos}, whose text is {@code text}. The verifier log prints
 * {@code ; text @ file:line} before the first instruction of each new line.
 *
 * @param slot the image slot the record starts at
 * @param pos the source file, line and column
 * @param text the source line as the compiler recorded it (may be empty)
 */
public record LineInfo(int slot, SourcePos pos, String text) {}
