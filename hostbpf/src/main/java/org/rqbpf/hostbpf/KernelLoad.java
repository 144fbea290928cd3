package org.rqbpf.hostbpf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Programs loaded (or refused) by the host kernel, with every object created for them: BTF, maps,
 * the programs. Closing it closes them all; the kernel then frees them. When a step failed,
 * {@link #stage()} says which, {@link #errno()} and {@link #log()} carry the kernel's answer, and
 * {@link #message()} is one line naming the object.
 */
public final class KernelLoad implements AutoCloseable {
    /** The step that ended the load: all of them ({@code LOADED}) or the one the kernel refused. */
    public enum Stage { BTF, MAP, PROGRAM, LOADED }

    private final List<Fd> fds = new ArrayList<>();
    private final List<Fd> maps = new ArrayList<>();
    private final List<Fd> programs = new ArrayList<>();
    private final List<Long> loadNanos = new ArrayList<>();
    private Stage stage = Stage.LOADED;
    private int errno;
    private String log = "";
    private String message = "";

    KernelLoad() {}

    void own(Fd fd) {
        fds.add(fd);
    }

    void addMap(Fd fd) {
        own(fd);
        maps.add(fd);
    }

    void program(Fd fd, long nanos) {
        own(fd);
        programs.add(fd);
        loadNanos.add(nanos);
    }

    KernelLoad fail(Stage stage, int errno, String log, String message) {
        this.stage = stage;
        this.errno = errno;
        this.log = log == null ? "" : log;
        this.message = message;
        return this;
    }

    public boolean accepted() {
        return stage == Stage.LOADED;
    }

    public Stage stage() {
        return stage;
    }

    /** The kernel's errno for the failed step (positive), 0 when loaded. */
    public int errno() {
        return errno;
    }

    /** The verifier's log (program step) or the BTF checker's log; may be empty. */
    public String log() {
        return log;
    }

    /** One line: what failed and how, or "" when loaded. */
    public String message() {
        return message;
    }

    /** The (first) program, or null when it was not loaded. */
    public Fd program() {
        return programs.isEmpty() ? null : programs.get(0);
    }

    /** The programs loaded, in the order asked for. */
    public List<Fd> programs() {
        return Collections.unmodifiableList(programs);
    }

    /** How long {@code BPF_PROG_LOAD} of program {@code i} took (the accepting call, wall clock). */
    public long loadNanos(int i) {
        return loadNanos.get(i);
    }

    /** The maps, by the program model's map index. */
    public List<Fd> maps() {
        return Collections.unmodifiableList(maps);
    }

    @Override
    public void close() {
        for (int i = fds.size() - 1; i >= 0; i--) {
            fds.get(i).close();
        }
        fds.clear();
    }
}
