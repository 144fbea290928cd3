package org.rqbpf.abi;

/** The execution context a program type runs in (runtime.md hook catalogue). */
public enum ExecContext { TASK, SOFTIRQ, HARDIRQ, NMI, CALLER }
