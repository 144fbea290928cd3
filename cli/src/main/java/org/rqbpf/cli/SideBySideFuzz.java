package org.rqbpf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.rqbpf.compare.KernelFuzzer;
import org.rqbpf.hostbpf.Fd;
import org.rqbpf.hostbpf.HostKernel;

/** {@code rqbpf fuzz --kernel}: prints each finding as found, writes its reproducer, then the totals. */
final class SideBySideFuzz {
    private SideBySideFuzz() {}

    static int run(long seed, long count, Duration duration, Path outDir, PrintWriter out) {
        KernelFuzzer.Summary s = KernelFuzzer.run(seed, count, duration, f -> {
            Path file = outDir.resolve(f.kind().name().toLowerCase() + "_" + f.seed() + ".bpf");
            try {
                Files.createDirectories(outDir);
                Files.writeString(file, f.reproducer());
            } catch (IOException e) {
                throw new CliException(ExitCodes.LOAD_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
            }
            out.println(f.kind() + " seed " + f.seed() + ": rqbpf " + f.rqbpf() + "; Linux " + f.linux() + " -> " + file);
            out.flush();
        });
        out.printf("fuzz --kernel: seeds %d..%d, %d programs in %.1f s against Linux %s: both accept %d, both reject %d, "
                + "runs compared %d; soundness findings %d, precision findings %d, runtime findings %d%n",
                seed, seed + s.generated() - 1, s.generated(), s.millis() / 1000.0, HostKernel.release(), s.bothAccept(),
                s.bothReject(), s.runsCompared(), s.count(KernelFuzzer.Kind.SOUNDNESS), s.count(KernelFuzzer.Kind.PRECISION),
                s.count(KernelFuzzer.Kind.RUNTIME));
        out.println("kernel objects left open: " + Fd.openCount());
        out.flush();
        return s.findings().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURES;
    }
}
