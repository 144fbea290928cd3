package org.rqbpf.grammar.ubpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rqbpf.program.ConformanceTest;
import org.rqbpf.isa.RawInsn;

/**
 * Reads a bpf_conformance {@code .data} file: {@code -- asm} (uBPF dialect, see {@link UbpfAssembler}),
 * {@code -- raw} (64-bit slots), {@code -- mem} (hex bytes) and {@code -- result}; other sections
 * ({@code -- c}, {@code -- no register offset}) are notes. When both asm and raw are present they must
 * agree.
 */
public final class ConformanceReader {
    private ConformanceReader() {}

    public static ConformanceTest read(Path file) throws IOException {
        List<String> lines = Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n", -1));
        String where = file.toString();
        String section = null;
        List<UbpfAssembler.Line> asm = new ArrayList<>();
        List<RawInsn> raw = new ArrayList<>();
        byte[] mem = new byte[0];
        Long result = null;
        boolean sawAsm = false;
        boolean sawRaw = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (line.startsWith("--")) {
                section = line.substring(2).trim();
                sawAsm |= section.equals("asm");
                sawRaw |= section.equals("raw");
                continue;
            }
            if (section == null || section.equals("c") || section.equals("no register offset")) {
                continue;
            }
            String text = stripComment(line).trim();
            if (text.isEmpty()) {
                continue;
            }
            switch (section) {
                case "asm" -> asm.add(new UbpfAssembler.Line(lineNo, text));
                case "raw" -> raw.add(RawInsn.fromLong(parseLong(text, where, lineNo)));
                case "mem" -> mem = concat(mem, hexBytes(text, where, lineNo));
                case "result" -> {
                    if (result != null) {
                        throw new ConformanceFormatException(where + ":" + lineNo + ": more than one result");
                    }
                    result = parseLong(text, where, lineNo);
                }
                default -> throw new ConformanceFormatException(where + ":" + lineNo + ": unknown section '-- " + section + "'");
            }
        }
        if (result == null) {
            throw new ConformanceFormatException(where + ": no '-- result' section");
        }
        if (!sawAsm && !sawRaw) {
            throw new ConformanceFormatException(where + ": no '-- asm' or '-- raw' section");
        }
        List<RawInsn> program = sawAsm ? UbpfAssembler.assemble(where, asm) : List.copyOf(raw);
        if (sawAsm && sawRaw && !program.equals(raw)) {
            throw new ConformanceFormatException(where + ": the '-- asm' and '-- raw' sections differ");
        }
        return new ConformanceTest(file, program, mem, result);
    }

    /** Reads every {@code .data} file of a folder, sorted by name. */
    public static List<ConformanceTest> readAll(Path dir) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
        List<ConformanceTest> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static byte[] hexBytes(String text, String where, int lineNo) throws ConformanceFormatException {
        String data = text.substring(text.lastIndexOf(':') + 1).trim();
        if (data.isEmpty()) {
            return new byte[0];
        }
        String[] pairs = data.split("\\s+");
        byte[] out = new byte[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i].length() != 2 || Character.digit(pairs[i].charAt(0), 16) < 0 || Character.digit(pairs[i].charAt(1), 16) < 0) {
                throw new ConformanceFormatException(where + ":" + lineNo + ": invalid memory byte '" + pairs[i] + "'");
            }
            out[i] = (byte) Integer.parseInt(pairs[i], 16);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hex ({@code 0x...}, up to 64 bits unsigned) or signed decimal. */
    static long parseLong(String text, String where, int lineNo) throws ConformanceFormatException {
        String t = text.trim();
        try {
            boolean neg = t.startsWith("-");
            String body = neg || t.startsWith("+") ? t.substring(1) : t;
            long v = body.startsWith("0x") || body.startsWith("0X") ? Long.parseUnsignedLong(body.substring(2), 16)
                    : Long.parseUnsignedLong(body);
            if (neg && Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
                throw new NumberFormatException();
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw new ConformanceFormatException(where + ":" + lineNo + ": invalid number '" + t + "'");
        }
    }
}
