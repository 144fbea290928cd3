package org.rqbpf.runtime.attach;

import org.rqbpf.runtime.ProgramContext;

/** One firing of a hook: writes what the attached programs see into a program's (reused) context. */
interface HookEvent {
    void writeCtx(ProgramContext ctx);
}
