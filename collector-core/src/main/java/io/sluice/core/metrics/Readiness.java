package io.sluice.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether an agent should receive traffic: not while it starts, drains or has stopped, nor while a
 * component waits for a restart or a channel reports itself unhealthy (a file channel whose disk
 * filled or whose replay failed), nor while the agent reports more problems of its own
 * ({@link MonitoredAgent#moreReadinessProblems()}: an aggregator's full channel). Downstream outages
 * do not count: they are the sinks' business.
 */
public final class Readiness {
  private Readiness() {}

  /** What keeps {@code agent} from being ready, one line per problem; empty when it is ready. */
  public static List<String> problems(MonitoredAgent agent) {
    if (agent == null) {
      return List.of("agent is starting");
    }
    AgentStatus s = agent.status();
    List<String> out = new ArrayList<>();
    if (s.phase() != AgentPhase.RUNNING) {
      out.add("agent is " + s.phase().name().toLowerCase(Locale.ROOT));
    }
    for (ComponentStatus c : s.components()) {
      if (!c.running()) {
        out.add(c.kind().label() + " " + c.name() + " is not running (waiting for a restart)");
      }
      if (c.kind() == ComponentKind.CHANNEL
          && agent.metrics().value(c.group(), "Unhealthy") != 0) {
        out.add("channel " + c.name() + " is unhealthy");
      }
    }
    out.addAll(agent.moreReadinessProblems());
    return out;
  }
}
