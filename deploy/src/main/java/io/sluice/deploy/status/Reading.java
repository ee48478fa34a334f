package io.sluice.deploy.status;

import java.util.List;
import java.util.Map;

/**
 * What one agent answered at one moment, or why it did not. Immutable.
 *
 * @param nanoTime when the answer arrived (System.nanoTime)
 * @param failure why the agent did not answer; null when it did
 * @param ready its {@code /status} readiness
 * @param problems what keeps it from being ready
 * @param metrics its Flume JSON, by group then name
 * @param lag what its {@code /prometheus} says about its lag ({@link LagSample#NONE} when unknown)
 */
record Reading(long nanoTime, String failure, boolean ready, List<String> problems,
    Map<String, Map<String, Long>> metrics, LagSample lag) {

  Reading {
    problems = List.copyOf(problems);
    metrics = Map.copyOf(metrics);
  }

  static Reading down(long nanoTime, String failure) {
    return new Reading(nanoTime, failure, false, List.of(), Map.of(), LagSample.NONE);
  }

  /** This reading with {@code sample} as its lag. */
  Reading withLag(LagSample sample) {
    return new Reading(nanoTime, failure, ready, problems, metrics, sample);
  }

  boolean up() {
    return failure == null;
  }

  /** The sum of {@code names} over every group whose name starts with {@code kind} ("SOURCE."). */
  long sum(String kind, String... names) {
    long total = 0;
    for (Map.Entry<String, Map<String, Long>> g : metrics.entrySet()) {
      if (g.getKey().startsWith(kind)) {
        for (String n : names) {
          total += g.getValue().getOrDefault(n, 0L);
        }
      }
    }
    return total;
  }

  /** The fullest channel's fill, 0–1; -1 without channels. */
  double maxFill() {
    double max = -1;
    for (Map.Entry<String, Map<String, Long>> g : metrics.entrySet()) {
      long capacity = g.getValue().getOrDefault("ChannelCapacity", 0L);
      if (g.getKey().startsWith("CHANNEL.") && capacity > 0) {
        max = Math.max(max, (double) g.getValue().getOrDefault("ChannelSize", 0L) / capacity);
      }
    }
    return max;
  }
}
