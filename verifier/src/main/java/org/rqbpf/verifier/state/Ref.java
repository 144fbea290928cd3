package org.rqbpf.verifier.state;

import org.rqbpf.program.MapDef;

/**
 * One acquired reference. Locks are identified by ({@code id}, {@code map}); IRQ references carry the
 * class of the kfunc that saved them. Immutable, so reference lists copy cheaply.
 *
 * @param insn the index of the acquiring instruction
 */
public record Ref(RefKind kind, int id, MapDef map, IrqClass irqClass, int insn) {}
