package io.sluice.core.runner;

import io.sluice.api.Status;

/**
 * What a runner is: one named loop thread stepping a component ({@link StepLoop}), with backoff
 * between unproductive steps. {@link SinkRunner} and {@link PollableSourceRunner} only say what the
 * step is and how it backs off. Thread-safe; see {@link #runOnce()} for its one restriction.
 */
public abstract class Runner {
  private final String name;
  private final StepLoop loop;

  Runner(String name, StepLoop loop) {
    this.name = name;
    this.loop = loop;
  }

  public final String name() {
    return name;
  }

  /** Starts the loop thread; a runner starts at most once. */
  public final void start() {
    loop.start();
  }

  /**
   * One step on the caller's thread, for tests and manual stepping: never throws for a delivery or
   * runtime failure, returns BACKOFF instead. Must not be called while the loop thread runs.
   */
  public final Status runOnce() {
    return loop.runOnce();
  }

  /**
   * Asks the loop to end, wakes it from a backoff wait, and waits for an in-flight
   * {@code process()} to finish; interrupts it only after the stop grace. Idempotent.
   */
  public final void stop() {
    loop.stop();
  }

  public final boolean isAlive() {
    return loop.isAlive();
  }

  /** BACKOFF results and failures since the last READY. */
  public final int consecutiveBackoffs() {
    return loop.consecutiveBackoffs();
  }

  /** Failures (exceptions from {@code process()}) since creation. */
  public final long failureCount() {
    return loop.failureCount();
  }

  /** The wait the loop would take after the current streak of backoffs. */
  public final long currentBackoffMillis() {
    return loop.currentBackoffMillis();
  }
}
