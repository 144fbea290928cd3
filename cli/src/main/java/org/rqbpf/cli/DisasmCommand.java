package org.rqbpf.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rqbpf.elf.ElfObject;
import org.rqbpf.isa.Disassembler;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.SourceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rqbpf disasm FILE}: an ELF object written back as {@code .bpf} text ({@link SourceWriter}), or raw
 * little-endian bytecode (8-byte slots) listed in the canonical spelling.
 */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = {"Disassemble a clang-compiled BPF object (.o) into .bpf text that assembles back to the same "
                + "maps, globals and instructions,",
            "or raw little-endian BPF bytecode (a multiple of 8 bytes, as written by 'asm --raw') into a listing."})
public final class DisasmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the ELF object or raw bytecode file")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        byte[] bytes = SourceFiles.readBytes(file);
        if (ElfObject.isElf(bytes)) {
            out.print(SourceWriter.write(SourceFiles.readObject(file, bytes, spec.commandLine().getErr())));
            out.flush();
            return ExitCodes.OK;
        }
        if (bytes.length == 0) {
            throw new CliException(ExitCodes.LOAD_ERROR, file + ": empty file: no instructions");
        }
        if (bytes.length % 8 != 0) {
            throw new CliException(ExitCodes.LOAD_ERROR, file + ": " + bytes.length
                    + " bytes is not a whole number of 8-byte instructions");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<RawInsn> slots = new ArrayList<>(bytes.length / 8);
        while (buf.hasRemaining()) {
            slots.add(RawInsn.fromLong(buf.getLong()));
        }
        out.print(Disassembler.listing(slots, Map.of()));
        out.flush();
        return ExitCodes.OK;
    }
}
