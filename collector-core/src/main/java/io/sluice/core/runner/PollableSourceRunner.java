package io.sluice.core.runner;

import io.sluice.api.PollableSource;
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
public final class PollableSourceRunner extends Runner {
  public PollableSourceRunner(String name, PollableSource source, ThreadFactory threads) {
    this(name, source, threads, SinkRunner.DEFAULT_STOP_GRACE);
  }

  public PollableSourceRunner(String name, PollableSource source, ThreadFactory threads, Duration stopGrace) {
    super(name, new StepLoop("source runner " + name, source::process, threads,
        BackoffPolicy.linear(source.backoffSleepIncrement(), source.maxBackoffSleep()), stopGrace));
  }
}
