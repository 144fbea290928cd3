package org.rqbpf.grammar.ubpf;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the third-party bpf_conformance suite's {@code tests/} folder is: the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENV}. The suite is not part of this
 * repository; the build sets the property to {@code ../shared/conformance/bpf_conformance/tests} beside
 * the project root, and tests that need it skip (naming the property) when the folder is absent.
 */
public final class ConformanceSuite {
    public static final String PROPERTY = "rqbpf.bpf_conformance";
    public static final String ENV = "RQBPF_BPF_CONFORMANCE";

    private ConformanceSuite() {}

    /** The configured folder (it may not exist), or null when neither the property nor the variable is set. */
    public static Path configured() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? null : Path.of(p).normalize();
    }

    /** Whether the configured folder exists. */
    public static boolean present() {
        Path p = configured();
        return p != null && Files.isDirectory(p);
    }

    /** Why the suite is unavailable, in one line naming the property; null when it is present. */
    public static String absence() {
        if (present()) {
            return null;
        }
        Path p = configured();
        return "bpf_conformance suite " + (p == null ? "not configured" : "not found at " + p)
                + ": set -D" + PROPERTY + "=DIR (or " + ENV + ") to its tests/ folder";
    }
}
