package org.rqbpf.cli;

import java.io.PrintWriter;
import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.compare.LinuxLog;
import org.rqbpf.compare.LinuxOracle;
import org.rqbpf.hostbpf.HostKernel;
import org.rqbpf.hostbpf.KernelLoad;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Diagnostic;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * {@code rqbpf verify --kernel}: each program's verdict on rqbpf and on the host Linux kernel, each with
 * its errno and error line; with {@code --log-level 1|2} the two logs follow, the first differing line
 * marked with {@code >>}.
 */
final class SideBySideVerify {
    private SideBySideVerify() {}

    static int run(Program file, String only, int logLevel, PrintWriter out) {
        List<BpfProgram> targets = file.programs();
        if (only != null) {
            targets = List.of(file.program(only).orElseThrow(() ->
                    new CliException(ExitCodes.USAGE, "no program named '" + only + "' in " + file.fileName())));
        }
        boolean differ = false, rejected = false;
        for (BpfProgram p : targets) {
            String rqLog;
            String rqLine;
            boolean rqAccepted;
            int rqErrno;
            if (!file.loads()) {
                Diagnostic d = file.loadErrors().get(0);
                rqAccepted = false;
                rqErrno = d.errno();
                rqLine = d.message();
                rqLog = d.header() + "\n";
            } else {
                VerifierResult r = Verifier.verify(file, p, Options.level(Math.max(1, logLevel)));
                rqAccepted = r.accepted();
                rqErrno = r.errno();
                rqLine = r.accepted() ? "" : LinuxLog.firstLine(r.error());
                rqLog = r.log();
            }
            LinuxOracle.Verdict linux = LinuxOracle.verify(file, p, Math.max(1, logLevel));
            out.println(p.name() + ":");
            out.println("  rqbpf: " + verdict(rqAccepted, rqErrno, rqLine));
            out.println("  Linux: " + verdict(linux.accepted(), linux.errno(), linux.errorLine())
                    + (linux.stage() == KernelLoad.Stage.PROGRAM || linux.accepted() ? ""
                            : " (at " + linux.stage().name().toLowerCase() + " creation: " + linux.message() + ")"));
            boolean same = rqAccepted == linux.accepted() && (rqAccepted || rqErrno == linux.errno() && rqLine.equals(linux.errorLine()));
            out.println("  " + (same ? "same verdict" + (rqAccepted ? "" : ", errno and error line")
                    : rqAccepted != linux.accepted() ? "DIFFERENT VERDICTS" : "same verdict, different " + what(rqErrno, linux.errno())));
            differ |= !same;
            rejected |= !rqAccepted || !linux.accepted();
            if (logLevel > 0) {
                printLogs(rqLog, linux.log(), out);
            }
        }
        out.println("(Linux " + HostKernel.release() + ")");
        out.flush();
        return differ ? ExitCodes.FAILURES : rejected ? ExitCodes.VERIFIER_REJECTED : ExitCodes.OK;
    }

    private static String what(int rqErrno, int linuxErrno) {
        return rqErrno != linuxErrno ? "errno" : "error line";
    }

    private static String verdict(boolean accepted, int errno, String line) {
        return accepted ? "accepted" : "rejected (" + Errno.name(errno) + "): " + line;
    }

    /** Both logs, rqbpf's first; the first line where they differ is marked {@code >>} in each. */
    static void printLogs(String rq, String linux, PrintWriter out) {
        String[] a = rq.split("\n", -1), b = linux.split("\n", -1);
        int first = 0;
        while (first < a.length && first < b.length && a[first].equals(b[first])) {
            first++;
        }
        printLog("rqbpf log", a, first, out);
        printLog("Linux log", b, first, out);
    }

    private static void printLog(String title, String[] lines, int firstDiff, PrintWriter out) {
        out.println("  --- " + title + " ---");
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            out.println((i == firstDiff ? ">> " : "   ") + lines[i]);
        }
    }
}
