package io.sluice.edge.spooldir;

import java.time.Clock;

/**
 * When a refused batch may be offered again: 250 ms after the first refusal, doubling up to
 * {@code maxBackoff} (Flume's spooldir arithmetic). Kept apart from the runner's backoff, which
 * stays at {@code pollDelay} so an idle directory is still looked at every pollDelay.
 * Runner-thread confined.
 */
final class RetryBackoff {
  private static final long FIRST_MILLIS = 250;
  private final long maxMillis;
  private final Clock clock;
  private long delay;
  private long notBefore;

  RetryBackoff(long maxMillis, Clock clock) {
    this.maxMillis = maxMillis;
    this.clock = clock;
  }

  boolean ready() {
    return clock.millis() >= notBefore;
  }

  void failed() {
    delay = delay == 0 ? Math.min(FIRST_MILLIS, maxMillis) : Math.min(2 * delay, maxMillis);
    notBefore = clock.millis() + delay;
  }

  void succeeded() {
    delay = 0;
    notBefore = 0;
  }
}
