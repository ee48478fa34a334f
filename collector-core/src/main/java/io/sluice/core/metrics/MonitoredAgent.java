package io.sluice.core.metrics;

import java.util.List;

/** What the monitoring endpoints read from an agent. Implementations are thread-safe. */
public interface MonitoredAgent {

  String name();

  MetricsRegistry metrics();

  AgentStatus status();

  /**
   * What keeps the agent from being ready beyond its phase and its components' states (an
   * aggregator's channel that stays nearly full, {@link FullChannelReadiness}); none by default.
   */
  default List<String> moreReadinessProblems() {
    return List.of();
  }
}
