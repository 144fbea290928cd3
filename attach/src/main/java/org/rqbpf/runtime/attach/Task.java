package org.rqbpf.runtime.attach;

/** A simulated task: what {@code sched_switch} records and {@code bpf_get_current_pid_tgid} returns. */
record Task(String comm, int pid, int tgid, int prio) {}
