package org.rqbpf.runtime.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.conformance.ConformanceLinker;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.conformance.ConformanceRunner;
import org.rqbpf.runtime.load.Backend;

/** What happens when the JIT cannot compile: the JVM rejects its class, or a method is too large. */
class JitFallbackTest {
    @Test
    void aClassTheJvmRejectsCarriesAsmsAnalysis() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, "org/rqbpf/runtime/jit/Broken", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "wrongType", "()J", null, null);
        mv.visitCode();
        mv.visitInsn(ICONST_0);
        mv.visitInsn(LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        JitVerifyError e = assertThrows(JitVerifyError.class,
                () -> ClassDefiner.instantiate("broken", cw.toByteArray(), List.of()));
        assertTrue(e.getMessage().contains("program 'broken'"), e.getMessage());
        assertTrue(e.getMessage().contains("wrongType()J"), e.getMessage());
        assertTrue(e.getCause() instanceof VerifyError, String.valueOf(e.getCause()));
    }

    @Test
    void aProgramTooLargeForOneJvmMethodRunsOnTheInterpreterAndIsReportedOnce() {
        List<RawInsn> insns = new ArrayList<>();
        insns.add(new RawInsn(Bpf.ALU64 | Bpf.MOV | Bpf.K, 0, 0, 0, 0));
        for (int i = 0; i < 12_000; i++) {
            insns.add(new RawInsn(Bpf.ALU64 | Bpf.ADD | Bpf.K, 0, 0, 0, 3));
        }
        insns.add(new RawInsn(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0));
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger(JitCompiler.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(h);
        try {
            ProgramImage image = ProgramImage.single("huge", insns, false);
            assertFalse(JitCompiler.isCompiled(Backend.JIT.build(image, new ConformanceLinker())));
            assertFalse(JitCompiler.isCompiled(Backend.JIT.build(image, new ConformanceLinker())));
            assertEquals(36_000, new ConformanceRunner(Backend.JIT).run("huge", insns, null));
        } finally {
            log.removeHandler(h);
        }
        assertEquals(1, records.size(), "reported once");
        assertTrue(records.get(0).getMessage().contains("too large for the JIT"), records.get(0).getMessage());
    }

    @Test
    void anImageWithAReachableInvalidSlotRunsOnTheInterpreter() {
        List<RawInsn> insns = List.of(new RawInsn(Bpf.ALU64 | Bpf.MOV | Bpf.K, 0, 0, 0, 1),
                new RawInsn(0xff, 0, 0, 0, 0), new RawInsn(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0));
        ProgramImage image = ProgramImage.single("bad", insns, false);
        assertFalse(JitCompiler.isCompiled(Backend.JIT.build(image, new ConformanceLinker())));
        List<RawInsn> skipped = List.of(new RawInsn(Bpf.JMP | Bpf.JA, 0, 0, 1, 0), new RawInsn(0xff, 0, 0, 0, 0),
                new RawInsn(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0));
        assertTrue(JitCompiler.isCompiled(Backend.JIT.build(ProgramImage.single("skips", skipped, false),
                new ConformanceLinker())), "an unreachable invalid slot does not matter");
    }
}
