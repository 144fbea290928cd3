package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Helper;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.MapTable;

/**
 * The runtime's helper and kfunc tables (runtime.md "Helpers and kfuncs") for the programs of one loaded
 * file: helpers 1, 2, 3, 5, 6, 7, 8, 14, 93, 94 by UAPI id and the six lock/IRQ kfuncs by id.
 */
public final class RuntimeHelpers {
    private final NativeFunction[] helpers = new NativeFunction[Helper.SPIN_UNLOCK.id() + 1];
    private final NativeFunction[] kfuncs = new NativeFunction[Kfunc.values().length + 1];

    /** The tables for a file whose maps are {@code maps}. */
    public RuntimeHelpers(MapTable maps) {
        put(Helper.MAP_LOOKUP_ELEM, MapHelpers.lookup(maps));
        put(Helper.MAP_UPDATE_ELEM, MapHelpers.update(maps));
        put(Helper.MAP_DELETE_ELEM, MapHelpers.delete(maps));
        put(Helper.KTIME_GET_NS, (run, a, b, c, d, e) -> run.cpu().machine().clock().nanoTime());
        put(Helper.TRACE_PRINTK, new TracePrintk());
        put(Helper.GET_PRANDOM_U32, (run, a, b, c, d, e) -> run.cpu().random().nextInt() & 0xffff_ffffL);
        put(Helper.GET_SMP_PROCESSOR_ID, (run, a, b, c, d, e) -> run.cpu().id());
        put(Helper.GET_CURRENT_PID_TGID, (run, a, b, c, d, e) -> CurrentTask.of(run.cpu()).pidTgid());
        put(Helper.SPIN_LOCK, SpinLockHelpers.LOCK);
        put(Helper.SPIN_UNLOCK, SpinLockHelpers.UNLOCK);
        put(Kfunc.RES_SPIN_LOCK, LockKfuncs.RES_SPIN_LOCK);
        put(Kfunc.RES_SPIN_UNLOCK, LockKfuncs.RES_SPIN_UNLOCK);
        put(Kfunc.RES_SPIN_LOCK_IRQSAVE, LockKfuncs.RES_SPIN_LOCK_IRQSAVE);
        put(Kfunc.RES_SPIN_UNLOCK_IRQRESTORE, LockKfuncs.RES_SPIN_UNLOCK_IRQRESTORE);
        put(Kfunc.LOCAL_IRQ_SAVE, LockKfuncs.LOCAL_IRQ_SAVE);
        put(Kfunc.LOCAL_IRQ_RESTORE, LockKfuncs.LOCAL_IRQ_RESTORE);
    }

    private void put(Helper h, NativeFunction f) {
        helpers[h.id()] = f;
    }

    private void put(Kfunc k, NativeFunction f) {
        kfuncs[k.id()] = f;
    }

    /** The helper with UAPI id {@code id}, or null. */
    public NativeFunction helper(int id) {
        return id >= 0 && id < helpers.length ? helpers[id] : null;
    }

    /** The kfunc with id {@code id}, or null. */
    public NativeFunction kfunc(int id) {
        return id >= 0 && id < kfuncs.length ? kfuncs[id] : null;
    }
}
