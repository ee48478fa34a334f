package io.sluice.core.runner;

import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Drives one sink group (or lone sink, through the {@code default} processor) on one thread of its
 * own: calls {@link SinkProcessor#process()} in a loop and backs off by its {@link BackoffPolicy}
 * when the processor returns BACKOFF or fails. A failure (EventDeliveryException or
 * RuntimeException) is counted, logged by state change, and backs off exactly like BACKOFF (Flume
 * instead sleeps a flat 5 s).
 *
 * <p>The runner owns only its loop thread: it does not start or stop the processor or its sinks; the
 * runtime starts them before {@link #start()} and stops them after {@link #stop()}.
 *
 * <p>Thread-safe; see {@link #runOnce()} for its one restriction.
 */
public final class SinkRunner {
  /** How long {@link #stop()} lets an in-flight {@code process()} finish before interrupting it. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final StepLoop loop;

  public SinkRunner(String name, SinkProcessor processor, ThreadFactory threads, BackoffPolicy backoff) {
    this(name, processor, threads, backoff, DEFAULT_STOP_GRACE);
  }

  public SinkRunner(
      String name, SinkProcessor processor, ThreadFactory threads, BackoffPolicy backoff, Duration stopGrace) {
    this.name = name;
    this.loop = new StepLoop("sink runner " + name, processor::process, threads, backoff, stopGrace);
  }

  public String name() {
    return name;
  }

  /** Starts the loop thread; a runner starts at most once. */
  public void start() {
    loop.start();
  }

  /**
   * One step on the caller's thread, for tests and manual stepping: never throws for a delivery or
   * runtime failure, returns BACKOFF instead. Must not be called while the loop thread runs.
   */
  public Status runOnce() {
    return loop.runOnce();
  }

  /**
   * Asks the loop to end, wakes it from a backoff wait, and waits for an in-flight
   * {@code process()} to finish; interrupts it only after the stop grace. Idempotent.
   */
  public void stop() {
    loop.stop();
  }

  public boolean isAlive() {
    return loop.isAlive();
  }

  /** BACKOFF results and failures since the last READY. */
  public int consecutiveBackoffs() {
    return loop.consecutiveBackoffs();
  }

  /** Failures (exceptions from {@code process()}) since creation. */
  public long failureCount() {
    return loop.failureCount();
  }

  /** The wait the loop would take after the current streak of backoffs. */
  public long currentBackoffMillis() {
    return loop.currentBackoffMillis();
  }
}
