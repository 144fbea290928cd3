package org.rqbpf.runtime.fuzz;

import java.util.List;
import org.rqbpf.runtime.fuzz.GenState.Kind;
import org.rqbpf.runtime.fuzz.GenState.Reg;

/**
 * Calls: helpers with scalar results, {@code bpf_trace_printk} of a scalar, map lookups (with and
 * without the NULL check) followed by accesses to the value, map updates and deletes, static
 * subprogram calls with scalar or stack-pointer arguments, and a {@code bpf_res_spin_lock} section
 * (plain or irqsave) on a map value lock.
 */
final class CallSnippets {
    private static final List<String> SCALAR_HELPERS = List.of("bpf_ktime_get_ns", "bpf_get_prandom_u32",
            "bpf_get_smp_processor_id", "bpf_get_current_pid_tgid");

    private CallSnippets() {}

    static void helper(GenState s) {
        if (s.chance(25)) {
            int a = s.scalarOrConst();
            s.emit("r3 = r" + a);
            s.emit("r1 = 0x" + Long.toHexString(s.pick(0x0a6425, 0x0a7825, 0x0a7525)));
            s.emit("*(u64 *)(r10 - " + GenState.FMT_SLOT + ") = r1");
            s.emit("r1 = r10");
            s.emit("r1 += -" + GenState.FMT_SLOT);
            s.emit("r2 = 8");
            s.emit("call bpf_trace_printk");
        } else {
            s.emit("call " + s.pick(SCALAR_HELPERS));
        }
        s.clobberCallerSaved(Reg.SCALAR);
    }

    /** Writes a u32 key to the key slot and points r2 at it. */
    private static void key(GenState s, MapShape m) {
        if (s.chance(60)) {
            s.emit("*(u32 *)(r10 - " + GenState.KEY_SLOT + ") = " + s.rnd.nextInt(m.maxEntries() + 1));
        } else {
            s.emit("*(u32 *)(r10 - " + GenState.KEY_SLOT + ") = r" + s.scalarOrConst());
        }
        s.emit("r2 = r10");
        s.emit("r2 += -" + GenState.KEY_SLOT);
    }

    /**
     * Looks up {@code m}; with the NULL check (usually) the value is accessed by the nested statements
     * of {@code body} through a register the generator then knows as a map value.
     */
    static void lookup(GenState s, MapShape m, Runnable body) {
        key(s, m);
        s.emit("r1 = " + m.name() + " ll");
        s.emit("call bpf_map_lookup_elem");
        s.clobberCallerSaved(Reg.UNINIT);
        int v = 0;
        if (s.chance(50)) {
            v = s.calleeSaved();
            if (v < 0) {
                v = 0;
            } else {
                s.emit("r" + v + " = r0");
            }
        }
        Reg value = new Reg(Kind.MAP_VALUE, m);
        if (s.chance(4)) {
            s.regs[v] = value;
            MemorySnippets.mapValue(s, v);
            s.regs[v] = Reg.UNINIT;
            return;
        }
        String out = s.newLabel();
        GenState.Snapshot before = s.snapshot();
        s.emit(s.chance(95) ? "if r" + v + " == 0 goto " + out : "if r" + v + " s<= 0 goto " + out);
        s.regs[v] = value;
        if (v != 0 && s.chance(50)) {
            s.regs[0] = value;
        }
        body.run();
        s.label(out);
        s.join(before);
    }

    /** {@code bpf_map_update_elem} or {@code bpf_map_delete_elem} on {@code m}, the value from the stack. */
    static void updateOrDelete(GenState s, MapShape m) {
        boolean update = s.chance(75);
        if (update) {
            for (int off = GenState.VALUE_AREA; off > GenState.VALUE_AREA - 32; off -= 8) {
                s.emit("*(u64 *)(r10 - " + off + ") = r" + s.scalarOrConst());
            }
        }
        key(s, m);
        s.emit("r1 = " + m.name() + " ll");
        if (update) {
            s.emit("r3 = r10");
            s.emit("r3 += -" + GenState.VALUE_AREA);
            s.emit("r4 = " + s.pick(0, 0, 1, 2, 5));
            s.emit("call bpf_map_update_elem");
        } else {
            s.emit("call bpf_map_delete_elem");
        }
        s.clobberCallerSaved(Reg.SCALAR);
    }

    /** {@code call name} with two scalar arguments or a pointer to an initialised stack slot. */
    static void subprog(GenState s, String name, boolean takesPointer) {
        int off = 8 * (1 + s.rnd.nextInt(GenState.DATA_BYTES / 8));
        if (takesPointer && (s.spill[off / 8 - 1] != null || s.frozenSlot[off / 8 - 1] || s.frozen[2])) {
            return;
        }
        s.emit("r2 = r" + s.scalarOrConst());
        s.regs[2] = Reg.SCALAR;
        boolean wasFrozen = s.frozen[2];
        s.frozen[2] = true;
        if (takesPointer) {
            if (!s.readable(off, 8)) {
                s.emit("*(u64 *)(r10 - " + off + ") = r" + s.scalarOrConst());
                s.written(off, 8, null);
            }
            s.emit("r1 = r10");
            s.emit("r1 += -" + off);
        } else {
            s.emit("r1 = r" + s.scalarOrConst());
        }
        s.frozen[2] = wasFrozen;
        s.emit("call " + name);
        s.clobberCallerSaved(Reg.SCALAR);
    }

    /**
     * Looks up the lock map and, in the branch where the value is there, takes its
     * {@code bpf_res_spin_lock} (or the irqsave variant, flags in their own stack slot), runs the
     * nested statements of {@code body} while it holds it (if the lock was taken), then releases it.
     */
    static void lockSection(GenState s, MapShape lockMap, Runnable body) {
        int v = s.calleeSaved();
        if (v < 0) {
            return;
        }
        boolean irq = s.chance(35);
        key(s, lockMap);
        s.emit("r1 = " + lockMap.name() + " ll");
        s.emit("call bpf_map_lookup_elem");
        s.clobberCallerSaved(Reg.UNINIT);
        s.emit("r" + v + " = r0");
        String out = s.newLabel();
        GenState.Snapshot before = s.snapshot();
        s.emit("if r" + v + " == 0 goto " + out);
        s.emit("r1 = r" + v);
        if (lockMap.lockOffset() != 0) {
            s.emit("r1 += " + lockMap.lockOffset());
        }
        if (irq) {
            s.emit("r2 = r10");
            s.emit("r2 += -" + GenState.FLAG_SLOT);
        }
        s.emit(irq ? "call bpf_res_spin_lock_irqsave" : "call bpf_res_spin_lock");
        s.clobberCallerSaved(Reg.SCALAR);
        s.emit("if r0 != 0 goto " + out);
        s.regs[v] = new Reg(Kind.MAP_VALUE, lockMap);
        s.frozen[v] = true;
        s.lockDepth++;
        body.run();
        s.lockDepth--;
        s.frozen[v] = false;
        s.emit("r1 = r" + v);
        if (lockMap.lockOffset() != 0) {
            s.emit("r1 += " + lockMap.lockOffset());
        }
        if (irq) {
            s.emit("r2 = r10");
            s.emit("r2 += -" + GenState.FLAG_SLOT);
        }
        s.emit(irq ? "call bpf_res_spin_unlock_irqrestore" : "call bpf_res_spin_unlock");
        s.clobberCallerSaved(Reg.UNINIT);
        s.label(out);
        s.join(before);
    }
}
