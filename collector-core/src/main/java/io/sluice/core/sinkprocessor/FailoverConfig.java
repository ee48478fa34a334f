package io.sluice.core.sinkprocessor;

import java.util.Map;

/**
 * The {@code failover} processor's settings.
 *
 * @param priorities {@code priority.<sink>} values by sink name, higher preferred; unique
 * @param maxPenaltyMillis {@code maxpenalty}: the longest a failed sink is kept out
 */
public record FailoverConfig(Map<String, Integer> priorities, long maxPenaltyMillis) {
  public FailoverConfig {
    priorities = Map.copyOf(priorities);
  }
}
