package io.sluice.core.runner;

import io.sluice.api.SinkProcessor;
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
public final class SinkRunner extends Runner {
  /** How long {@link #stop()} lets an in-flight {@code process()} finish before interrupting it. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public SinkRunner(String name, SinkProcessor processor, ThreadFactory threads, BackoffPolicy backoff) {
    this(name, processor, threads, backoff, DEFAULT_STOP_GRACE);
  }

  public SinkRunner(
      String name, SinkProcessor processor, ThreadFactory threads, BackoffPolicy backoff, Duration stopGrace) {
    super(name, new StepLoop("sink runner " + name, processor::process, threads, backoff,
        stopGrace));
  }
}
