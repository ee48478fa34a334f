package io.sluice.core.runner;

import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Drives one {@link PollableSource} on one thread of its own, backing off by the source's
 * {@link PollableSource#backoffSleepIncrement()} per consecutive BACKOFF or failure, up to its
 * {@link PollableSource#maxBackoffSleep()} (Flume sleeps the maximum at once after an exception;
 * Sluice grows the wait the same way for both).
 *
 * <p>The runner owns only its loop thread: it does not start or stop the source. Thread-safe;
 * {@link #runOnce()} must not be called while the loop thread runs.
 */
public final class PollableSourceRunner {
  private final String name;
  private final StepLoop loop;

  public PollableSourceRunner(String name, PollableSource source, ThreadFactory threads) {
    this(name, source, threads, SinkRunner.DEFAULT_STOP_GRACE);
  }

  public PollableSourceRunner(String name, PollableSource source, ThreadFactory threads, Duration stopGrace) {
    this.name = name;
    BackoffPolicy backoff = BackoffPolicy.linear(source.backoffSleepIncrement(), source.maxBackoffSleep());
    this.loop = new StepLoop("source runner " + name, source::process, threads, backoff, stopGrace);
  }

  public String name() {
    return name;
  }

  public void start() {
    loop.start();
  }

  /** One step on the caller's thread; a failure is counted and returned as BACKOFF. */
  public Status runOnce() {
    return loop.runOnce();
  }

  /** Ends the loop as {@link SinkRunner#stop()} does. Idempotent. */
  public void stop() {
    loop.stop();
  }

  public boolean isAlive() {
    return loop.isAlive();
  }

  public int consecutiveBackoffs() {
    return loop.consecutiveBackoffs();
  }

  public long failureCount() {
    return loop.failureCount();
  }

  public long currentBackoffMillis() {
    return loop.currentBackoffMillis();
  }
}
