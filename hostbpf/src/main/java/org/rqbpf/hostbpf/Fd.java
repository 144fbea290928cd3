package org.rqbpf.hostbpf;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file descriptor the kernel handed out (a map, a program, BTF). Closing it drops this process's
 * reference; the kernel frees the object when the last one goes. Every open descriptor is also
 * tracked, and a shutdown hook closes those still open when the JVM exits or is interrupted, so a
 * failed or aborted load leaves nothing behind.
 */
public final class Fd implements AutoCloseable {
    private static final Set<Fd> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Fd::closeAll, "rqbpf-hostbpf-fds"));
    }

    private final int fd;
    private final String what;
    private volatile boolean closed;

    Fd(int fd, String what) {
        this.fd = fd;
        this.what = what;
        OPEN.add(this);
    }

    /** The descriptor number, valid until {@link #close()}. */
    public int value() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
        return fd;
    }

    /** What this descriptor is, e.g. {@code map 'counts'}. */
    public String what() {
        return what;
    }

    /** How many descriptors this process holds open through the binding (for tests and leak checks). */
    public static int openCount() {
        return OPEN.size();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            OPEN.remove(this);
            Syscall.close(fd);
        }
    }

    private static void closeAll() {
        for (Fd f : OPEN) {
            f.close();
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + fd + (closed ? ", closed" : "") + ")";
    }
}
