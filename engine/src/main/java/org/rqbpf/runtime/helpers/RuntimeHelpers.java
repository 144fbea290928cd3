package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Errno;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.MapTable;

/**
 * The runtime's helper and kfunc tables (runtime.md "Helpers and kfuncs") for the programs of one loaded
 * file: every {@link Helper} by UAPI id and the six lock/IRQ kfuncs by id. The clock-reading helpers read
 * the simulated machine's clock (jiffies at {@code HZ} 250, Debian's).
 */
public final class RuntimeHelpers {
    private final NativeFunction[] helpers = new NativeFunction[HelperNames.maxId()];
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
        put(Helper.GET_NUMA_NODE_ID, (run, a, b, c, d, e) -> 0);
        put(Helper.KTIME_GET_BOOT_NS, (run, a, b, c, d, e) -> run.cpu().machine().clock().nanoTime());
        put(Helper.KTIME_GET_COARSE_NS, (run, a, b, c, d, e) -> run.cpu().machine().clock().nanoTime());
        put(Helper.KTIME_GET_TAI_NS, (run, a, b, c, d, e) -> run.cpu().machine().clock().nanoTime());
        put(Helper.JIFFIES64, (run, a, b, c, d, e) -> run.cpu().machine().clock().nanoTime() / NANOS_PER_JIFFY);
        put(Helper.GET_CURRENT_UID_GID, ProbeHelpers.CURRENT_UID_GID);
        put(Helper.GET_CURRENT_COMM, ProbeHelpers.CURRENT_COMM);
        put(Helper.GET_CURRENT_TASK, ProbeHelpers.CURRENT_TASK);
        put(Helper.PROBE_READ, ProbeHelpers.READ_USER);
        put(Helper.PROBE_READ_USER, ProbeHelpers.READ_USER);
        put(Helper.PROBE_READ_KERNEL, ProbeHelpers.READ_KERNEL);
        put(Helper.PROBE_READ_STR, ProbeHelpers.READ_USER_STR);
        put(Helper.PROBE_READ_USER_STR, ProbeHelpers.READ_USER_STR);
        put(Helper.PROBE_READ_KERNEL_STR, ProbeHelpers.READ_KERNEL_STR);
        put(Helper.STRTOL, StringHelpers.STRTOL);
        put(Helper.STRTOUL, StringHelpers.STRTOUL);
        put(Helper.CSUM_DIFF, RuntimeHelpers::csumDiff);
        put(Helper.SKB_LOAD_BYTES, SkbHelpers.LOAD_BYTES);
        put(Helper.SKB_LOAD_BYTES_RELATIVE, SkbHelpers.LOAD_BYTES_RELATIVE);
        put(Helper.SKB_STORE_BYTES, SkbHelpers.STORE_BYTES);
        put(Helper.SKB_PULL_DATA, SkbHelpers.PULL_DATA);
        put(Helper.CSUM_UPDATE, SkbHelpers.CSUM_UPDATE);
        put(Helper.L3_CSUM_REPLACE, SkbHelpers.L3_CSUM_REPLACE);
        put(Helper.L4_CSUM_REPLACE, SkbHelpers.L4_CSUM_REPLACE);
        put(Helper.GET_HASH_RECALC, SkbHelpers.GET_HASH_RECALC);
        put(Helper.SET_HASH_INVALID, SkbHelpers.SET_HASH_INVALID);
        put(Helper.SET_HASH, SkbHelpers.SET_HASH);
        put(Helper.GET_SOCKET_COOKIE, SkbHelpers.GET_SOCKET_COOKIE);
        put(Helper.GET_SOCKET_UID, SkbHelpers.GET_SOCKET_UID);
        put(Helper.GET_CGROUP_CLASSID, SkbHelpers.NONE);
        put(Helper.GET_ROUTE_REALM, SkbHelpers.NONE);
        put(Helper.REDIRECT, Redirect.REDIRECT);
        // rqbpf has no sockets: lookups find none, so no socket pointer is ever non-NULL to release or cast.
        put(Helper.SK_LOOKUP_TCP, SkbHelpers.NONE);
        put(Helper.SK_LOOKUP_UDP, SkbHelpers.NONE);
        put(Helper.SKC_LOOKUP_TCP, SkbHelpers.NONE);
        put(Helper.SK_RELEASE, SkbHelpers.NONE);
        put(Helper.SK_FULLSOCK, SkbHelpers.NONE);
        put(Helper.TCP_SOCK, SkbHelpers.NONE);
        put(Helper.GET_LISTENER_SOCK, SkbHelpers.NONE);
        put(Helper.XDP_ADJUST_HEAD, XdpHelpers.ADJUST_HEAD);
        put(Helper.XDP_ADJUST_META, XdpHelpers.ADJUST_META);
        put(Helper.XDP_ADJUST_TAIL, XdpHelpers.ADJUST_TAIL);
        put(Helper.XDP_GET_BUFF_LEN, XdpHelpers.GET_BUFF_LEN);
        put(Helper.XDP_LOAD_BYTES, XdpHelpers.LOAD_BYTES);
        put(Helper.XDP_STORE_BYTES, XdpHelpers.STORE_BYTES);
        put(Helper.SPIN_LOCK, SpinLockHelpers.LOCK);
        put(Helper.SPIN_UNLOCK, SpinLockHelpers.UNLOCK);
        put(Kfunc.RES_SPIN_LOCK, LockKfuncs.RES_SPIN_LOCK);
        put(Kfunc.RES_SPIN_UNLOCK, LockKfuncs.RES_SPIN_UNLOCK);
        put(Kfunc.RES_SPIN_LOCK_IRQSAVE, LockKfuncs.RES_SPIN_LOCK_IRQSAVE);
        put(Kfunc.RES_SPIN_UNLOCK_IRQRESTORE, LockKfuncs.RES_SPIN_UNLOCK_IRQRESTORE);
        put(Kfunc.LOCAL_IRQ_SAVE, LockKfuncs.LOCAL_IRQ_SAVE);
        put(Kfunc.LOCAL_IRQ_RESTORE, LockKfuncs.LOCAL_IRQ_RESTORE);
    }

    private static final long NANOS_PER_JIFFY = 4_000_000;
    /**
     * {@code bpf_csum_diff(from, from_size, to, to_size, seed)} as Linux 6.18 computes it, folded to 16 bits so
     * that every architecture agrees: {@code csum(to, seed) - csum(from)}, {@code csum(to, seed)}, or
     * {@code ~csum(from, ~seed)}; {@code seed} itself when both sizes are 0; -EINVAL for sizes that are not
     * whole words.
     */
    private static long csumDiff(BpfRun run, long from, long fromSize, long to, long toSize, long seed) {
        if (((fromSize | toSize) & 3) != 0) {
            return -Errno.EINVAL;
        }
        int s = (int) seed;
        if (fromSize == 0 && toSize == 0) {
            return s & 0xffff_ffffL;
        }
        byte[] f = fromSize == 0 ? null : HelperMemory.read(run.memory(), from, (int) fromSize);
        byte[] t = toSize == 0 ? null : HelperMemory.read(run.memory(), to, (int) toSize);
        int sum;
        if (f != null && t != null) {
            sum = Checksums.add(Checksums.partial(t, s), ~Checksums.partial(f, 0));
        } else if (t != null) {
            sum = Checksums.partial(t, s);
        } else {
            sum = ~Checksums.partial(f, ~s);
        }
        return Checksums.from32to16(sum);
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

    /**
     * The helper with UAPI id {@code id} at a call that always passes {@code map}: a map element helper
     * bound to that map, else {@link #helper}.
     */
    public NativeFunction helperFor(int id, BpfMap map) {
        NativeFunction bound = MapHelpers.boundTo(id, map);
        return bound != null ? bound : helper(id);
    }

    /** The kfunc with id {@code id}, or null. */
    public NativeFunction kfunc(int id) {
        return id >= 0 && id < kfuncs.length ? kfuncs[id] : null;
    }
}
