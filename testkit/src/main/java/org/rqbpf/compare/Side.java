package org.rqbpf.compare;

/**
 * One oracle's answer on one program: its verdict, errno (0 when accepted), the first line of its
 * error, its log, and the program's {@code r0} after one test-run (null when it did not run, with the
 * reason in {@code notRun}).
 */
public record Side(boolean accepted, int errno, String errorLine, String log, Long retval, String notRun) {}
