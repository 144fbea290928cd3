package org.rqbpf.maps;

import java.util.function.Supplier;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;

/**
 * Runs a host-side map operation on a simulated CPU (rqspinlock.md §2: host operations bind to a CPU like
 * everything else): on the caller's CPU when it is bound, else on the first CPU no thread is bound to.
 */
final class HostCpu {
    private HostCpu() {}

    static <T> T call(SimMachine machine, Supplier<T> body) {
        if (SimCpu.currentOrNull() != null) {
            return body.get();
        }
        for (SimCpu cpu : machine.cpus()) {
            if (cpu.boundThread() != null) {
                continue;
            }
            boolean[] ran = {false};
            try {
                return cpu.call(() -> {
                    ran[0] = true;
                    return body.get();
                });
            } catch (IllegalStateException e) {
                if (ran[0]) {
                    throw e;
                }
                // Lost the race for this CPU; try the next one.
            }
        }
        throw new IllegalStateException("every simulated CPU of " + machine + " is busy; bind the calling thread"
                + " to a CPU for host map operations");
    }
}
