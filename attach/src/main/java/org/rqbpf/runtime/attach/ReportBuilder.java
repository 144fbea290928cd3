package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqOutcome;
import org.rqbpf.kernel.locking.RqStats;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapStats;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.LoadedProgram;

/** Collects the counters of a finished attach run into an {@link AttachReport}. */
final class ReportBuilder {
    private final AttachOptions options;
    private final SimMachine machine;
    private final LoadedFile file;
    private final Attachments attachments;
    private final CpuWorkload.EventCounters events;

    ReportBuilder(AttachOptions options, SimMachine machine, LoadedFile file, Attachments attachments,
            CpuWorkload.EventCounters events) {
        this.options = options;
        this.machine = machine;
        this.file = file;
        this.attachments = attachments;
        this.events = events;
    }

    AttachReport build(String fileName, long elapsedNanos) {
        List<AttachReport.ProgramReport> programs = new ArrayList<>();
        List<String> faultMessages = new ArrayList<>();
        long faults = 0;
        for (AttachedProgram p : attachments.all()) {
            programs.add(program(p));
            faults += p.program().faults();
            faultMessages.addAll(p.faultMessages());
        }
        return new AttachReport(fileName, options.cpus(), options.seed(), options.duration().toNanos(), elapsedNanos,
                backendName(), eventReports(), programs, maps(), lockOutcomes(), faults, faultMessages);
    }

    private String backendName() {
        if (options.backend() == Backend.INTERPRETER) {
            return "interpreter";
        }
        return options.backend() == Backend.JIT ? "jit" : options.backend().getClass().getSimpleName();
    }

    private List<AttachReport.EventReport> eventReports() {
        List<AttachReport.EventReport> out = new ArrayList<>();
        for (EventKind k : EventKind.values()) {
            long coalesced = 0;
            if (k.context() != CpuContext.TASK) {
                for (SimCpu c : machine.cpus()) {
                    coalesced += c.droppedInterrupts(k.context());
                }
            }
            out.add(new AttachReport.EventReport(k.label(), options.rate(k), events.total(k), coalesced));
        }
        return out;
    }

    private static AttachReport.ProgramReport program(AttachedProgram a) {
        LoadedProgram p = a.program();
        long runs = p.runs();
        String section = (p.program().autoload() ? "" : "?") + p.program().section();
        String hook = a.hook() == null ? null : a.hook().section();
        return new AttachReport.ProgramReport(p.name(), section, hook, !p.program().autoload(), runs, p.misses(),
                runs == 0 ? 0 : a.totalNanos() / runs, a.errnos().nonZero(), ReturnValues.merge(a.returns()),
                ReturnValues.other(a.returns()), p.faults(), a.log().traceTail(), a.log().traceLines(),
                a.log().errorTail(), a.log().errorLines());
    }

    private List<AttachReport.MapReport> maps() {
        List<AttachReport.MapReport> out = new ArrayList<>();
        for (BpfMap m : file.maps().maps()) {
            MapStats s = m.stats();
            out.add(new AttachReport.MapReport(m.name(), m.type().name(), s.get(MapStats.Counter.LOOKUP),
                    s.get(MapStats.Counter.UPDATE), s.get(MapStats.Counter.DELETE), s.get(MapStats.Counter.NEXT_KEY),
                    s.get(MapStats.Counter.EDEADLK), s.get(MapStats.Counter.ETIMEDOUT)));
        }
        return out;
    }

    /** Every outcome, zeros included, in {@link RqOutcome} order. */
    private Map<String, Long> lockOutcomes() {
        RqStats.Snapshot s = machine.stats().snapshot();
        Map<String, Long> out = new LinkedHashMap<>();
        for (RqOutcome o : RqOutcome.values()) {
            out.put(o.name(), s.count(o));
        }
        return out;
    }
}
