package io.sluice.core.metrics;

/** What the monitoring endpoints read from an agent. Implementations are thread-safe. */
public interface MonitoredAgent {

  String name();

  MetricsRegistry metrics();

  AgentStatus status();
}
