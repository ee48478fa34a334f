package io.sluice.core.sinkprocessor;

import java.util.Map;

/**
 * The {@code failover} processor's settings.
 *
 * @param priorities {@code priority.<sink>} values by sink name, higher preferred; unique
 * @param maxPenaltyMillis {@code maxpenalty}: the longest a failed sink is kept out
 * @param probeIntervalMillis {@code probeInterval}: how often penalised members are probed
 */
public record FailoverConfig(
    Map<String, Integer> priorities, long maxPenaltyMillis, long probeIntervalMillis) {
  public FailoverConfig {
    priorities = Map.copyOf(priorities);
  }
}
