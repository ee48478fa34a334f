package io.sluice.core.metrics;

/** Where an agent is in its life; only {@link #RUNNING} can be ready. */
public enum AgentPhase {
  STARTING,
  RUNNING,
  /** Stopping: sources stopped, channels draining into the sinks. */
  DRAINING,
  STOPPED
}
