package io.sluice.core.avro;

import io.sluice.core.channel.file.FileChannelFactory;
import java.time.Duration;

/**
 * How long the Avro sink waits for each reply. An explicit {@code request-timeout} is honoured as
 * it is. Without one, the wait is sized from observed latency: ten times the recent average batch
 * latency, between {@link #FLOOR} and {@link #ADAPTIVE_CEILING}; the floor until a batch has been
 * answered.
 *
 * <p>Why the floor is six seconds: a healthy next hop may hold a batch for its channel's
 * {@code keep-alive} (3 s by default, file and memory channels) waiting for room, then fsync it,
 * before it answers. A sink that gives up earlier abandons a batch the next hop still commits: the
 * batch is sent again (a duplicate, often to another aggregator) over a new connection, which is
 * more load on the tier that is already slow. The floor is that keep-alive plus as much again
 * for the fsync and queueing behind other calls. A peer that really hangs is left after the floor;
 * set {@code request-timeout} to detect one sooner when the next hop's keep-alive is shorter. The
 * ceiling is Flume's fixed default. Runner-thread confined.
 */
final class RequestTimeouts {
  /** The next hop's channel keep-alive at its default. */
  private static final Duration NEXT_HOP_KEEP_ALIVE =
      Duration.ofMillis(Math.round(FileChannelFactory.KEEP_ALIVE.defaultValue() * 1000));
  static final Duration FLOOR = NEXT_HOP_KEEP_ALIVE.plus(NEXT_HOP_KEEP_ALIVE);
  static final Duration ADAPTIVE_CEILING = Duration.ofSeconds(20);
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
    long millis = averageMicros * HEADROOM / 1000;
    return Duration.ofMillis(Math.max(FLOOR.toMillis(), Math.min(ADAPTIVE_CEILING.toMillis(),
        millis)));
  }

  /** Records the latency of a batch that was answered. */
  void observed(long micros) {
    averageMicros = averageMicros == 0 ? micros : averageMicros + (micros - averageMicros) / 8;
  }
}
