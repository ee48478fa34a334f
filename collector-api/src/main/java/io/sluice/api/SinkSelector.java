package io.sluice.api;

import java.util.List;

/**
 * Orders the members of a load-balancing group for the next batch ({@code processor.selector}):
 * Flume's {@code round_robin} and {@code random}, Sluice's {@code least_busy}, or a class of your
 * own with a public no-argument constructor. The processor tries members in the returned order and
 * skips any another runner has claimed meanwhile. Must be thread-safe: runners call it concurrently.
 */
public interface SinkSelector {

  /**
   * A member as the selector sees it.
   *
   * @param inFlight batches it is sending right now
   * @param recentLatencyMicros its recent batch latency (moving average), 0 before the first batch
   */
  record Member(String name, int inFlight, long recentLatencyMicros) {}

  /** The members to try, first choice first; {@code available} is in listing order. */
  List<Member> order(List<Member> available);
}
