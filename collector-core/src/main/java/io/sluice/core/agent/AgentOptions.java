package io.sluice.core.agent;

import java.time.Clock;
import java.time.Duration;

/**
 * Runtime settings of an agent that are not part of its Flume config.
 *
 * @param shutdownGrace how long a stop waits for channels to drain into sinks after the sources
 *     stopped
 * @param restartInitial first delay before restarting a component that failed; doubles per failure
 * @param restartMax longest delay between restart attempts
 * @param healthCheckInterval how often the supervisor looks for dead runners
 */
public record AgentOptions(
    Clock clock,
    Duration shutdownGrace,
    Duration restartInitial,
    Duration restartMax,
    Duration healthCheckInterval) {

  public static AgentOptions defaults() {
    return new AgentOptions(Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofSeconds(1));
  }

  public AgentOptions withShutdownGrace(Duration grace) {
    return new AgentOptions(clock, grace, restartInitial, restartMax, healthCheckInterval);
  }

  public AgentOptions withRestartBackoff(Duration initial, Duration max) {
    return new AgentOptions(clock, shutdownGrace, initial, max, healthCheckInterval);
  }
}
