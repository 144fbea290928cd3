package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;

/**
 * The bucket array of a hash map: per bucket a chain of element ids and an {@link RqSpinLock}.
 *
 * <p><b>Lock-free lookup (the kernel's RCU + {@code hlist_nulls} scheme).</b> Chains are singly linked
 * through {@link ElementStore#next}; the end of bucket {@code b}'s chain is the marker {@code ~b}
 * (negative), not a shared null. Writers, holding the bucket lock, publish a new element with a release
 * store after initialising it, insert at the head, and unlink by bypassing an element while leaving its
 * own link intact, so a reader standing on an unlinked element still reaches the end of a chain. Because
 * preallocated elements are reused at once, a reader may stand on an element that was deleted, reused
 * for another key and linked into another bucket. Two checks make that harmless:
 * <ol>
 *   <li>the element's sequence number (a seqlock, {@link ElementStore}) is read before and after the
 *       reader compares its hash and key and reads its link: a change means the element was re-keyed
 *       meanwhile, and the reader restarts from the head;</li>
 *   <li>a walk that ends on another bucket's marker has been carried into another chain, and restarts
 *       too (it might have skipped the rest of its own).</li>
 * </ol>
 * So a lookup returns an element whose key matched while unchanged: the old or the new element of a
 * concurrent update (or one that was just deleted), never a half-written key or one reused for another
 * key. As in the kernel, the value behind a returned pointer can still be reused later.
 */
final class HtabBuckets {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] heads;
    private final RqSpinLock[] locks;
    private final int mask;
    private final ElementStore store;

    HtabBuckets(SimMachine machine, int maxEntries, ElementStore store) {
        int n = Integer.highestOneBit(Math.max(1, maxEntries - 1)) << (maxEntries > 1 ? 1 : 0);
        this.heads = new int[n];
        this.locks = new RqSpinLock[n];
        for (int b = 0; b < n; b++) {
            heads[b] = ~b;
            locks[b] = new RqSpinLock(machine);
        }
        this.mask = n - 1;
        this.store = store;
        VarHandle.releaseFence();
    }

    int bucket(int hash) {
        return hash & mask;
    }

    int count() {
        return heads.length;
    }

    RqSpinLock lock(int bucket) {
        return locks[bucket];
    }

    int head(int bucket) {
        return (int) INTS.getAcquire(heads, bucket);
    }

    /** Lock-free lookup (see the class comment): the element holding the key, or -1. */
    int find(int hash, byte[] key, int off) {
        int b = hash & mask;
        restart:
        while (true) {
            int e = (int) INTS.getAcquire(heads, b);
            while (e >= 0) {
                ElementStore.Chunk c = store.chunk(e);
                int i = store.index(e);
                int s = ElementStore.readBegin(c, i);
                boolean match = (s & 1) == 0 && c.hash[i] == hash && store.keyEquals(c, i, key, off);
                int n = ElementStore.next(c, i);
                if (!ElementStore.readValid(c, i, s)) {
                    continue restart;
                }
                if (match) {
                    return e;
                }
                e = n;
            }
            if (e == ~b) {
                return -1;
            }
        }
    }

    /** Lookup with the bucket lock held: the chain cannot change, no checks needed. */
    int findLocked(int b, int hash, byte[] key, int off) {
        for (int e = head(b); e >= 0; ) {
            ElementStore.Chunk c = store.chunk(e);
            int i = store.index(e);
            if (c.hash[i] == hash && store.keyEquals(c, i, key, off)) {
                return e;
            }
            e = ElementStore.next(c, i);
        }
        return -1;
    }

    /** Inserts an initialised element at the head of its bucket (lock held). */
    void linkHead(int b, int e) {
        store.setNext(e, head(b));
        // Release: pairs with the reader's acquire of the head; the element's contents are visible.
        INTS.setRelease(heads, b, e);
    }

    /** Unlinks {@code e} from bucket {@code b} (lock held), keeping {@code e}'s own link for readers on it. */
    void unlink(int b, int e) {
        int n = store.next(e);
        int h = head(b);
        if (h == e) {
            INTS.setRelease(heads, b, n);
            return;
        }
        for (int p = h; p >= 0; p = store.next(p)) {
            if (store.next(p) == e) {
                store.setNext(p, n);
                return;
            }
        }
        throw new IllegalStateException("element " + e + " is not in bucket " + b);
    }
}
