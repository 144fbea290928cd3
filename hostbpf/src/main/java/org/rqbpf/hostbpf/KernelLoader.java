package org.rqbpf.hostbpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.elf.ProgramBtf;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.Program;

/**
 * Loads programs of a parsed file into the host kernel, in libbpf's order: the file's BTF, then
 * every map (created with that BTF; global-data maps filled, {@code .rodata} frozen), then the program
 * with its maps through {@code fd_array} ({@code BPF_PSEUDO_MAP_IDX[_VALUE]} already name map
 * indices), kfunc calls resolved by name to their vmlinux BTF ids, {@code func_info} for every
 * function and the program's {@code line_info} where it has some. Any step the kernel refuses ends the load with that step's errno and log; everything
 * created so far is closed by {@link KernelLoad#close()}.
 */
public final class KernelLoader {
    /** The license programs are loaded under (GPL-only helpers and kfuncs, as the selftests use). */
    public static final String LICENSE = "GPL";
    /** The log buffer when a log is asked for: the kernel's largest (UINT_MAX >> 2 is the limit; 16 MiB suffices). */
    public static final int LOG_SIZE = 16 << 20;

    private KernelLoader() {}

    /**
     * Loads {@code p} of {@code file}.
     *
     * @param logLevel the verifier log level (0: none, unless the load fails, when it is asked again at 1)
     * @param progFlags extra {@code prog_flags} ({@code BPF_F_TEST_STATE_FREQ}, {@code BPF_F_ANY_ALIGNMENT})
     */
    public static KernelLoad load(Program file, BpfProgram p, int logLevel, int progFlags) {
        return load(file, List.of(p), logLevel, progFlags);
    }

    /**
     * Loads {@code programs} of {@code file}, in order, sharing one BTF object and one set of maps (as
     * libbpf loads an object). The first program the kernel refuses ends the load.
     */
    public static KernelLoad load(Program file, List<BpfProgram> programs, int logLevel, int progFlags) {
        KernelLoad out = new KernelLoad();
        try {
            ProgramBtf btf = ProgramBtf.of(file);
            Fd btfFd;
            try {
                btfFd = HostBpf.btfLoad(btf.bytes(), "BTF of " + file.fileName());
            } catch (BpfException e) {
                return out.fail(KernelLoad.Stage.BTF, e.errno(), e.log(), e.getMessage());
            }
            out.own(btfFd);
            int[] fdArray = new int[file.maps().size()];
            for (MapDef m : file.maps()) {
                Fd fd;
                try {
                    fd = createMap(m, btfFd, btf);
                } catch (BpfException e) {
                    return out.fail(KernelLoad.Stage.MAP, e.errno(), e.log(), e.getMessage());
                }
                out.addMap(fd);
                fdArray[m.index()] = fd.value();
            }
            String log = "";
            for (BpfProgram p : programs) {
                byte[] insns;
                try {
                    insns = insns(p.insns());
                } catch (IOException e) {
                    return out.fail(KernelLoad.Stage.PROGRAM, Errno.ENOENT, "", "program '" + p.name() + "': " + e.getMessage());
                }
                SectionDefs.Attrs attrs = SectionDefs.of(p);
                long t0 = System.nanoTime();
                HostBpf.ProgLoad r = progLoad(p, attrs, progFlags, insns, btfFd, btf, fdArray, logLevel);
                long loadNanos = System.nanoTime() - t0;
                if (!r.accepted() && logLevel == 0) {
                    r = withLog(r, progLoad(p, attrs, progFlags, insns, btfFd, btf, fdArray, 1));
                }
                if (!r.accepted()) {
                    String last = BpfException.lastLine(r.log());
                    return out.fail(KernelLoad.Stage.PROGRAM, r.errno(), r.log(), "program '" + p.name()
                            + "': BPF_PROG_LOAD failed with " + Errno.name(r.errno()) + (last.isEmpty() ? "" : ": " + last));
                }
                out.program(r.prog(), loadNanos);
                log = r.log();
            }
            out.fail(KernelLoad.Stage.LOADED, 0, log, "");
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /**
     * A rejection at log level 0 with the log of the retry at level 1, as libbpf reports it: the errno
     * stays the first one's (a retry can fail differently, e.g. ENOSPC when the log of a too-large
     * program overflows the buffer).
     */
    private static HostBpf.ProgLoad withLog(HostBpf.ProgLoad first, HostBpf.ProgLoad retry) {
        if (retry.accepted()) {
            retry.prog().close();
        }
        return new HostBpf.ProgLoad(null, first.errno(), retry.log());
    }

    private static HostBpf.ProgLoad progLoad(BpfProgram p, SectionDefs.Attrs a, int progFlags, byte[] insns, Fd btf,
            ProgramBtf types, int[] fdArray, int logLevel) {
        return HostBpf.progLoad(new HostBpf.ProgSpec(p.name(), a.progType(), a.expectedAttachType(), a.flags() | progFlags,
                insns, LICENSE, logLevel, logLevel == 0 ? 0 : LOG_SIZE, btf, types.funcInfo(p), p.functions().size(),
                types.lineInfo(p), types.lineInfo(p).length / 16, fdArray));
    }

    private static Fd createMap(MapDef m, Fd btf, ProgramBtf types) throws BpfException {
        int[] ids = types.mapTypeIds(m.index());
        boolean typed = ids[1] != 0;
        Fd fd = HostBpf.mapCreate(new HostBpf.MapSpec(m.name(), m.type().id(), m.keySize(), m.valueSize(), m.maxEntries(),
                m.flags(), typed ? btf : null, ids[0], ids[1]));
        try {
            if (m.isDataSection() && m.initialValue() != null) {
                HostBpf.mapUpdate(fd, new byte[4], m.initialValue(), 0);
            }
            if (m.isDataSection() && (m.flags() & MapFlags.BPF_F_RDONLY_PROG) != 0) {
                HostBpf.mapFreeze(fd);
            }
        } catch (BpfException e) {
            fd.close();
            throw e;
        }
        return fd;
    }

    /** The program's bytes, with kfunc calls naming their vmlinux BTF ids instead of rqbpf's kfunc ids. */
    static byte[] insns(List<RawInsn> insns) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * insns.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (RawInsn in : insns) {
            if (in.opcode() == (Bpf.JMP | Bpf.CALL) && in.src() == Bpf.PSEUDO_KFUNC_CALL) {
                Kfunc k = Kfunc.byId(in.imm());
                int id = k == null ? -1 : VmlinuxBtf.host().funcId(k.fname());
                if (id < 0) {
                    throw new IOException("kfunc " + (k == null ? "#" + in.imm() : k.fname())
                            + " is not in this kernel's BTF");
                }
                in = new RawInsn(in.opcode(), in.dst(), in.src(), 0, id);
            }
            b.putLong(in.toLong());
        }
        return b.array();
    }
}
