package org.rqbpf.kernel.locking;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rqbpf.kernel.SimMachine;

/**
 * Lincheck model checking of lock/unlock on both locks: each operation runs on the simulated CPU of its
 * Lincheck thread and increments a plain counter under the lock, so any interleaving that broke mutual
 * exclusion would return a non-linearizable counter history.
 */
@Timeout(120)
public class LockLincheckTest {
    private static final RqConfig SPIN = RqConfig.builder().waitPolicy(WaitPolicy.of(WaitPolicy.Mode.SPIN)).build();

    private final SimMachine machine = SimMachine.builder().cpus(3).config(SPIN).build();
    private final RqSpinLock rq = new RqSpinLock(machine);
    private final QSpinLock q = new QSpinLock(machine);
    private int rqCounter;
    private int qCounter;

    /** lock; counter++; unlock on an RqSpinLock (never fails here: no deadlock is possible). */
    @Operation
    public int rqIncrement(@Param(gen = ThreadIdGen.class) int thread) {
        return machine.cpu(thread).call(() -> {
            if (rq.lock() != 0) {
                return -1;
            }
            int v = rqCounter;
            rqCounter = v + 1;
            rq.unlock();
            return v;
        });
    }

    /** lock; counter++; unlock on a QSpinLock. */
    @Operation
    public int qIncrement(@Param(gen = ThreadIdGen.class) int thread) {
        return machine.cpu(thread).call(() -> {
            q.lock();
            int v = qCounter;
            qCounter = v + 1;
            q.unlock();
            return v;
        });
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(150)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0)
                .check(LockLincheckTest.class);
    }
}
