package org.rqbpf.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.ExecutableProgram;
import org.rqbpf.runtime.ProgramImage;
import org.rqbpf.runtime.RuntimeFault;
import org.rqbpf.runtime.load.Backend;

/** A program that faults at run time is counted and reported, and the workload goes on. */
class AttachFaultTest {
    /** A back end whose {@code on_irq} faults like a failed memory check; the others run normally. */
    private static final Backend FAULTY_IRQ = (image, linker) -> {
        ExecutableProgram real = Backend.INTERPRETER.build(image, linker);
        if (!image.name().equals("on_irq")) {
            return real;
        }
        return new ExecutableProgram() {
            @Override
            public ProgramImage image() {
                return image;
            }

            @Override
            public long execute(BpfRun run, long r1, long r2) {
                run.cpu().irqDisable();
                throw RuntimeFault.memory(image.name(), 3, 0x1234, true, "invalid read of 8 bytes", null);
            }
        };
    };

    @Test
    void faultsAreCountedWithTheirMessageAndTheCpuKeepsGoing() throws Exception {
        AttachOptions options = new AttachOptions(2, Duration.ofMillis(300), 1,
                Map.of(EventKind.IRQ, 5_000.0, EventKind.PACKET, 0.0), FAULTY_IRQ);
        AttachRun.Result r = AttachRun.run(Assembler.parse(Path.of("src/test/resources/attach/traced.bpf")), options, null);
        AttachReport report = r.report();
        AttachReport.ProgramReport irq = report.program("on_irq");
        assertTrue(irq.faults() > 0);
        assertEquals(0, irq.runs());
        assertEquals(irq.faults(), report.faults());
        assertTrue(report.faultMessages().get(0).contains("runtime fault in program 'on_irq' at insn 3"),
                report.faultMessages().toString());
        assertTrue(report.program("on_switch").runs() > 0, "task events kept running after the faults");
        assertTrue(TextReport.render(report).contains("runtime faults: " + report.faults()));
    }
}
