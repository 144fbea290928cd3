package org.rqbpf.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.FunctionInfo;
import org.rqbpf.program.SourcePos;

/**
 * Builds a program's image the way libbpf links subprograms: the body first, then each subprogram
 * the first time a call to it is met, depth first (a subprogram's own calls are appended before the
 * caller's later ones), and patches every BPF-to-BPF call with its relative offset.
 */
final class ImageLinker {
    /** A linked image. */
    record Image(List<RawInsn> insns, List<SourcePos> positions, List<FunctionInfo> functions, Map<Integer, String> labels) {}

    private final String file;
    private final Map<String, Body> subprograms;
    private final Map<Body, List<RawInsn>> encoded;

    ImageLinker(String file, Map<String, Body> subprograms, Map<Body, List<RawInsn>> encoded) {
        this.file = file;
        this.subprograms = subprograms;
        this.encoded = encoded;
    }

    Image link(Body main) {
        Map<Body, Integer> starts = new LinkedHashMap<>();
        starts.put(main, 0);
        int[] size = {main.slots()};
        appendCallees(main, starts, size);

        List<RawInsn> insns = new ArrayList<>(size[0]);
        SourcePositions positions = new SourcePositions(file, size[0]);
        List<FunctionInfo> functions = new ArrayList<>(starts.size());
        Map<Integer, String> labels = new HashMap<>();
        for (Map.Entry<Body, Integer> e : starts.entrySet()) {
            Body b = e.getKey();
            int start = e.getValue();
            insns.addAll(encoded.get(b));
            b.appendSlotPositions(positions);
            functions.add(new FunctionInfo(b.name, start, start + b.slots(), b == main ? FunctionInfo.Kind.MAIN : b.kind));
            labels.put(start, b.name);
            for (Map.Entry<Integer, String> l : b.labelsBySlot().entrySet()) {
                labels.putIfAbsent(start + l.getKey(), l.getValue());
            }
            for (Body.CallFixup c : b.calls) {
                int at = start + b.slotOf(c.insn());
                RawInsn call = insns.get(at);
                int target = starts.get(subprograms.get(c.callee()));
                insns.set(at, new RawInsn(call.opcode(), call.dst(), call.src(), call.off(), target - (at + 1)));
            }
        }
        return new Image(List.copyOf(insns), positions, List.copyOf(functions), Map.copyOf(labels));
    }

    private void appendCallees(Body body, Map<Body, Integer> starts, int[] size) {
        for (Body.CallFixup c : body.calls) {
            Body callee = subprograms.get(c.callee());
            if (!starts.containsKey(callee)) {
                starts.put(callee, size[0]);
                size[0] += callee.slots();
                appendCallees(callee, starts, size);
            }
        }
    }
}
