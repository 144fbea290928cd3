package org.rqbpf.verifier.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The abstract state of one path: the call frames (the last is current) and the ordered reference list
 * (verifier-rules.md §4.2), from which the lock stack and the IRQ stack are derived.
 */
public final class VState {
    public Frame[] frames;
    public List<Ref> refs;

    public VState(Frame[] frames, List<Ref> refs) {
        this.frames = frames;
        this.refs = refs;
    }

    public VState copy() {
        Frame[] f = new Frame[frames.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = frames[i].copy();
        }
        return new VState(f, new ArrayList<>(refs));
    }

    public Frame cur() {
        return frames[frames.length - 1];
    }

    public int curframe() {
        return frames.length - 1;
    }

    public Reg reg(int r) {
        return cur().regs[r];
    }

    public void setReg(int r, Reg v) {
        cur().regs[r] = v;
    }

    /** The top of the lock stack, or null when no lock is held. */
    public Ref activeLock() {
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (refs.get(i).kind().isLock()) {
                return refs.get(i);
            }
        }
        return null;
    }

    public int activeLocks() {
        int n = 0;
        for (Ref r : refs) {
            if (r.kind().isLock()) {
                n++;
            }
        }
        return n;
    }

    /** The top of the IRQ stack, or null. */
    public Ref activeIrq() {
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (refs.get(i).kind() == RefKind.IRQ) {
                return refs.get(i);
            }
        }
        return null;
    }

    public void pushFrame(Frame f) {
        Frame[] g = new Frame[frames.length + 1];
        System.arraycopy(frames, 0, g, 0, frames.length);
        g[frames.length] = f;
        frames = g;
    }

    public Frame popFrame() {
        Frame top = cur();
        Frame[] g = new Frame[frames.length - 1];
        System.arraycopy(frames, 0, g, 0, g.length);
        frames = g;
        return top;
    }
}
