package io.sluice.core.avro;

import java.time.Duration;

/**
 * How long the Avro sink waits for each reply. An explicit {@code request-timeout} is honoured as
 * it is. Without one, the wait is sized from observed latency: ten times the recent average batch
 * latency, never under one second (a GC pause or a busy disk on the next hop must not look like a
 * dead peer) and never over two seconds (a hung peer must be abandoned within two seconds, where
 * Flume's fixed 20 s default stalls the whole group). Runner-thread confined.
 */
final class RequestTimeouts {
  static final Duration FLOOR = Duration.ofSeconds(1);
  static final Duration ADAPTIVE_CEILING = Duration.ofSeconds(2);
  private static final int HEADROOM = 10;

  private final Duration fixed;
  private long averageMicros;

  /** @param fixed the configured timeout, or null to size it from observed latency */
  RequestTimeouts(Duration fixed) {
    this.fixed = fixed;
  }

  Duration next() {
    if (fixed != null) {
      return fixed;
    }
    if (averageMicros == 0) {
      return ADAPTIVE_CEILING;
    }
    long millis = averageMicros * HEADROOM / 1000;
    return Duration.ofMillis(Math.max(FLOOR.toMillis(), Math.min(ADAPTIVE_CEILING.toMillis(),
        millis)));
  }

  /** Records the latency of a batch that was answered. */
  void observed(long micros) {
    averageMicros = averageMicros == 0 ? micros : averageMicros + (micros - averageMicros) / 8;
  }
}
