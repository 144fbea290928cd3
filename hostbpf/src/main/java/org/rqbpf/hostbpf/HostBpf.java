package org.rqbpf.hostbpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.Errno;

/**
 * The {@code bpf(2)} binding: one method per {@link BpfCommand}, each building the command's part of
 * {@code union bpf_attr} (offsets as in {@code include/uapi/linux/bpf.h}) in native memory. Failures
 * throw {@link BpfException} with the kernel's errno and log; nothing here prints or exits.
 */
public final class HostBpf {
    /** {@code sizeof(union bpf_attr)} as this binding fills it (the kernel accepts a shorter, zero-tailed one). */
    static final int ATTR_SIZE = 152;
    static final int OBJ_NAME_LEN = 16;

    private HostBpf() {}

    /** What {@code BPF_MAP_CREATE} is given. */
    public record MapSpec(String name, int type, int keySize, int valueSize, int maxEntries, int flags,
            Fd btf, int btfKeyTypeId, int btfValueTypeId) {}

    /** What {@code BPF_PROG_LOAD} is given. */
    public record ProgSpec(String name, int type, int expectedAttachType, int flags, byte[] insns, String license,
            int logLevel, int logSize, Fd btf, byte[] funcInfo, int funcInfoCount, byte[] lineInfo, int lineInfoCount,
            int[] fdArray) {}

    /** The outcome of {@code BPF_PROG_LOAD}: the program (null when rejected), the errno and the log. */
    public record ProgLoad(Fd prog, int errno, String log) {
        public boolean accepted() {
            return prog != null;
        }
    }

    /** The outcome of {@code BPF_PROG_TEST_RUN}. */
    public record TestRun(long retval, long durationNs, byte[] dataOut, byte[] ctxOut) {}

    public static Fd mapCreate(MapSpec s) throws BpfException {
        Attr a = new Attr();
        a.u32(0, s.type()).u32(4, s.keySize()).u32(8, s.valueSize()).u32(12, s.maxEntries()).u32(16, s.flags());
        a.name(28, s.name());
        if (s.btf() != null) {
            a.u32(48, s.btf().value()).u32(52, s.btfKeyTypeId()).u32(56, s.btfValueTypeId());
        }
        return new Fd((int) call(BpfCommand.MAP_CREATE, a, "map '" + s.name() + "'", null), "map '" + s.name() + "'");
    }

    public static void mapUpdate(Fd map, byte[] key, byte[] value, long flags) throws BpfException {
        Attr a = new Attr();
        a.u32(0, map.value()).ptr(8, bytes(key)).ptr(16, bytes(value)).u64(24, flags);
        call(BpfCommand.MAP_UPDATE_ELEM, a, map.what(), null);
    }

    /** The value under {@code key}, or null when there is none (ENOENT). */
    public static byte[] mapLookup(Fd map, byte[] key, int valueSize) throws BpfException {
        Attr a = new Attr();
        Memory value = new Memory(Math.max(1, valueSize));
        value.clear();
        a.u32(0, map.value()).ptr(8, bytes(key)).ptr(16, value);
        try {
            call(BpfCommand.MAP_LOOKUP_ELEM, a, map.what(), null);
        } catch (BpfException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
        return value.getByteArray(0, valueSize);
    }

    /** The key after {@code key} (null: the first key), or null at the end. */
    public static byte[] mapNextKey(Fd map, byte[] key, int keySize) throws BpfException {
        Attr a = new Attr();
        Memory next = new Memory(Math.max(1, keySize));
        a.u32(0, map.value()).ptr(8, key == null ? null : bytes(key)).ptr(16, next);
        try {
            call(BpfCommand.MAP_GET_NEXT_KEY, a, map.what(), null);
        } catch (BpfException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
        return next.getByteArray(0, keySize);
    }

    public static void mapFreeze(Fd map) throws BpfException {
        Attr a = new Attr();
        a.u32(0, map.value());
        call(BpfCommand.MAP_FREEZE, a, map.what(), null);
    }

    /** Loads BTF; a rejection carries the BTF checker's log (asked for at level 1). */
    public static Fd btfLoad(byte[] btf, String what) throws BpfException {
        Attr a = new Attr();
        Memory log = new Memory(64 * 1024);
        log.setByte(0, (byte) 0);
        a.ptr(0, bytes(btf)).ptr(8, log).u32(16, btf.length).u32(20, (int) log.size()).u32(24, 1);
        return new Fd((int) call(BpfCommand.BTF_LOAD, a, what, log), what);
    }

    /** Loads a program; a rejection is a result (with the verifier's log), not an exception. */
    public static ProgLoad progLoad(ProgSpec s) {
        Attr a = new Attr();
        Memory insns = bytes(s.insns());
        Memory license = cString(s.license());
        Memory log = s.logSize() > 0 ? new Memory(s.logSize()) : null;
        if (log != null) {
            log.setByte(0, (byte) 0);
        }
        a.u32(0, s.type()).u32(4, s.insns().length / 8).ptr(8, insns).ptr(16, license);
        a.u32(24, log == null ? 0 : s.logLevel()).u32(28, log == null ? 0 : s.logSize()).ptr(32, log);
        a.u32(44, s.flags()).name(48, s.name()).u32(68, s.expectedAttachType());
        if (s.btf() != null) {
            a.u32(72, s.btf().value());
            if (s.funcInfoCount() > 0) {
                a.u32(76, 8).ptr(80, bytes(s.funcInfo())).u32(88, s.funcInfoCount());
            }
            if (s.lineInfoCount() > 0) {
                a.u32(92, 16).ptr(96, bytes(s.lineInfo())).u32(104, s.lineInfoCount());
            }
        }
        Memory fds = null;
        if (s.fdArray() != null && s.fdArray().length > 0) {
            fds = new Memory(4L * s.fdArray().length);
            for (int i = 0; i < s.fdArray().length; i++) {
                fds.setInt(4L * i, s.fdArray()[i]);
            }
        }
        a.ptr(120, fds);
        try {
            long fd = Syscall.bpf(BpfCommand.PROG_LOAD, a.memory, ATTR_SIZE);
            return new ProgLoad(new Fd((int) fd, "program '" + s.name() + "'"), 0, text(log));
        } catch (LastErrorException e) {
            return new ProgLoad(null, e.getErrorCode(), text(log));
        } finally {
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(fds);
        }
    }

    /**
     * {@link #progTestRun} with the calling thread pinned to CPU {@code cpu} for the call (a program run by
     * {@code BPF_PROG_TEST_RUN} runs on the caller's CPU), its CPU mask restored afterwards.
     */
    public static TestRun progTestRunOnCpu(int cpu, Fd prog, byte[] data, byte[] ctx, int repeat) throws BpfException {
        Memory saved;
        try {
            saved = Syscall.affinity();
            Syscall.setAffinity(Syscall.onlyCpu(cpu));
        } catch (LastErrorException e) {
            throw new BpfException(BpfCommand.PROG_TEST_RUN, e.getErrorCode(), prog.what() + " (pinning to CPU " + cpu + ")", "");
        }
        try {
            return progTestRun(prog, data, ctx, repeat);
        } finally {
            Syscall.setAffinity(saved);
        }
    }

    /**
     * Test-runs a program {@code repeat} times on {@code data} and {@code ctx} (either may be null), with room
     * for the same sizes to come back. A {@code repeat} of 0 is passed as it is: the kernel runs such a
     * program once, and a syscall program takes only 0.
     */
    public static TestRun progTestRun(Fd prog, byte[] data, byte[] ctx, int repeat) throws BpfException {
        Attr a = new Attr();
        a.u32(0, prog.value());
        Memory dataOut = null, ctxOut = null;
        if (data != null && data.length > 0) {
            dataOut = new Memory(data.length + 256L);
            a.u32(8, data.length).u32(12, (int) dataOut.size()).ptr(16, bytes(data)).ptr(24, dataOut);
        }
        if (ctx != null && ctx.length > 0) {
            ctxOut = new Memory(ctx.length);
            a.u32(40, ctx.length).u32(44, ctx.length).ptr(48, bytes(ctx)).ptr(56, ctxOut);
        }
        a.u32(32, Math.max(0, repeat));
        call(BpfCommand.PROG_TEST_RUN, a, prog.what(), null);
        long retval = a.memory.getInt(4) & 0xffff_ffffL;
        long duration = a.memory.getInt(36) & 0xffff_ffffL;
        byte[] dOut = dataOut == null ? null : dataOut.getByteArray(0, a.memory.getInt(12));
        byte[] cOut = ctxOut == null ? null : ctxOut.getByteArray(0, a.memory.getInt(44));
        return new TestRun(retval, duration, dOut, cOut);
    }

    /** {@code struct bpf_prog_info} / {@code bpf_map_info} / {@code bpf_btf_info} of {@code fd}, {@code size} bytes. */
    public static byte[] objInfo(Fd fd, int size) throws BpfException {
        Attr a = new Attr();
        Memory info = new Memory(size);
        info.clear();
        a.u32(0, fd.value()).u32(4, size).ptr(8, info);
        call(BpfCommand.OBJ_GET_INFO_BY_FD, a, fd.what(), null);
        return info.getByteArray(0, Math.min(size, a.memory.getInt(4)));
    }

    private static long call(BpfCommand cmd, Attr a, String what, Memory log) throws BpfException {
        try {
            return Syscall.bpf(cmd, a.memory, ATTR_SIZE);
        } catch (LastErrorException e) {
            throw new BpfException(cmd, e.getErrorCode(), what, text(log));
        } finally {
            Reference.reachabilityFence(a);
        }
    }

    private static Memory bytes(byte[] b) {
        if (b == null) {
            return null;
        }
        Memory m = new Memory(Math.max(1, b.length));
        m.write(0, b, 0, b.length);
        return m;
    }

    private static Memory cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    private static String text(Memory log) {
        return log == null ? "" : log.getString(0, StandardCharsets.UTF_8.name());
    }

    /** A zeroed {@code union bpf_attr} in native memory. */
    private static final class Attr {
        final Memory memory = new Memory(ATTR_SIZE);
        /** Keeps the buffers the attr points to reachable until the call returns. */
        private final List<Memory> referenced = new ArrayList<>();

        Attr() {
            memory.clear();
        }

        Attr u32(int off, int v) {
            memory.setInt(off, v);
            return this;
        }

        Attr u64(int off, long v) {
            memory.setLong(off, v);
            return this;
        }

        Attr ptr(int off, Memory m) {
            if (m != null) {
                referenced.add(m);
            }
            memory.setLong(off, m == null ? 0 : Pointer.nativeValue(m));
            return this;
        }

        /** An object name: at most 15 characters the kernel allows (alphanumerics, '_' and '.'), NUL-terminated. */
        Attr name(int off, String name) {
            StringBuilder sb = new StringBuilder();
            for (char c : name.toCharArray()) {
                if (sb.length() == OBJ_NAME_LEN - 1) {
                    break;
                }
                sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' ? c : '_');
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
            memory.write(off, b, 0, b.length);
            return this;
        }
    }
}
