package org.rqbpf.runtime.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.grammar.Assembly;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * Checks one case: assemble, verify and, when accepted, test-run on the interpreter and on the JIT.
 * A fault of the accepted program is a verifier escape, any difference between the two runs a
 * disagreement. Each step runs on a worker thread under a time limit, since a verifier that wrongly
 * accepts a non-terminating loop would otherwise hang the fuzzer (the stuck thread is a daemon and is
 * abandoned; the case is reported as a hang).
 */
public final class DifferentialCheck implements AutoCloseable {
    /** How a case ended. */
    public enum Status { SOURCE_ERROR, REJECTED, AGREED, FINDING }

    /** The outcome: status, the finding if any, and the verifier's error for rejected cases. */
    public record Result(Status status, Finding finding, String rejection) {}

    private static final Options VERIFY = Options.level(0);

    private final long timeoutMillis;
    private ExecutorService worker = newWorker();

    public DifferentialCheck(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rqbpf-fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public Result check(FuzzCase c) {
        Assembly assembly = Assembler.assemble(c.fileName(), c.source());
        if (!assembly.ok() || !assembly.program().loads()) {
            // The generator writes valid source; an error here is the generator's or the assembler's.
            return finding(Finding.Kind.CRASH, c, "the generated source does not assemble or load:\n"
                    + (assembly.ok() ? assembly.program().loadErrors() : assembly.renderErrors()));
        }
        Program file = assembly.program();
        BpfProgram program = file.program(ProgramGenerator.PROGRAM).orElseThrow();
        try {
            VerifierResult verdict = timed(() -> Verifier.verify(file, program, VERIFY));
            if (!verdict.accepted()) {
                return new Result(Status.REJECTED, null, verdict.error());
            }
            BackendRun interpreted = timed(() -> BackendRun.of(file, verdict, c, Backend.INTERPRETER));
            BackendRun compiled = timed(() -> BackendRun.of(file, verdict, c, Backend.JIT));
            RuntimeFault fault = interpreted.fault() != null ? interpreted.fault() : compiled.fault();
            if (fault != null && fault.verifierEscape()) {
                return finding(Finding.Kind.VERIFIER_ESCAPE, c, fault.getMessage()
                        + (interpreted.fault() == null || compiled.fault() == null ? " (one back end only)" : ""));
            }
            if (!interpreted.observable().equals(compiled.observable())) {
                return finding(Finding.Kind.DISAGREEMENT, c, "interpreter:\n" + interpreted.observable()
                        + "\njit:\n" + compiled.observable());
            }
            return new Result(Status.AGREED, null, null);
        } catch (TimeoutException e) {
            worker.shutdownNow();
            worker = newWorker();
            return finding(Finding.Kind.HANG, c, "no result after " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return finding(Finding.Kind.CRASH, c, stackTrace(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T timed(Step<T> step) throws TimeoutException, ExecutionException, InterruptedException {
        Future<T> f = worker.submit(step::run);
        return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static Result finding(Finding.Kind kind, FuzzCase c, String detail) {
        return new Result(Status.FINDING, new Finding(kind, c, detail), null);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
