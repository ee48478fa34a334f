package io.sluice.api;

/**
 * Produces events. A source is either {@link PollableSource} (the runtime's runner calls it in a
 * loop) or {@link EventDrivenSource} (it owns its threads, created from its context's thread
 * factory, and stops them in {@link #stop()}).
 */
public interface Source extends Lifecycle {}
