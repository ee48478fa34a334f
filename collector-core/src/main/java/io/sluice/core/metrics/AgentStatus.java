package io.sluice.core.metrics;

import java.util.List;

/**
 * A point-in-time view of an agent for health, {@code /status} and JMX.
 *
 * @param startTimeMillis when the agent was created (epoch millis)
 * @param lastReloadMillis when a config change was last applied, 0 if never
 * @param reloads how many config changes were applied
 */
public record AgentStatus(String agent, AgentPhase phase, long startTimeMillis,
    long lastReloadMillis, long reloads, List<ComponentStatus> components) {

  public AgentStatus {
    components = List.copyOf(components);
  }
}
