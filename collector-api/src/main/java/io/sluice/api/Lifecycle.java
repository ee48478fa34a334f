package io.sluice.api;

/**
 * Start/stop contract of every component. The runtime drives it and guarantees {@code start} is
 * called once, from one thread, before any other call, and {@code stop} at most once after it (also
 * after a failed start, to undo partial work). {@code stop} must release every thread and resource
 * the component owns and must not throw.
 */
public interface Lifecycle {

  default void start() throws Exception {}

  default void stop() {}
}
