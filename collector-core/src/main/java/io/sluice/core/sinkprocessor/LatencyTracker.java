package io.sluice.core.sinkprocessor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A moving average of each member's batch latency (weight 1/8 for the newest sample), so the
 * {@code least_busy} selector can prefer fast members. Thread-safe.
 */
final class LatencyTracker {
  private final Map<String, Long> averages = new ConcurrentHashMap<>();

  void record(String member, long micros) {
    averages.merge(member, micros, (old, sample) -> old + (sample - old) / 8);
  }

  long averageMicros(String member) {
    return averages.getOrDefault(member, 0L);
  }

  void forget(String member) {
    averages.remove(member);
  }
}
