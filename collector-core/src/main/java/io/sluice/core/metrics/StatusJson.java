package io.sluice.core.metrics;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The bodies of {@code /status} and the health endpoints. */
final class StatusJson {
  private StatusJson() {}

  /** {@code {"status":"UP"}} or {@code {"status":"DOWN","problems":[...]}}. */
  static String health(List<String> problems) {
    return "{\"status\":" + (problems.isEmpty() ? "\"UP\"" : "\"DOWN\"")
        + ",\"problems\":" + array(problems) + "}";
  }

  /** The agent's phase, readiness, reloads and every component's state. */
  static String status(String agentName, MonitoredAgent agent) {
    List<String> problems = Readiness.problems(agent);
    if (agent == null) {
      return "{\"agent\":" + Json.string(agentName) + ",\"phase\":\"STARTING\",\"ready\":false"
          + ",\"problems\":" + array(problems) + ",\"components\":[]}";
    }
    AgentStatus s = agent.status();
    String components = s.components().stream().map(c -> "{\"kind\":"
        + Json.string(c.kind().label()) + ",\"name\":" + Json.string(c.name()) + ",\"type\":"
        + Json.string(c.type()) + ",\"state\":" + (c.running() ? "\"RUNNING\"" : "\"FAILED\"")
        + "}").collect(Collectors.joining(",", "[", "]"));
    return "{\"agent\":" + Json.string(s.agent()) + ",\"phase\":" + Json.string(s.phase().name())
        + ",\"ready\":" + problems.isEmpty() + ",\"problems\":" + array(problems)
        + ",\"startTime\":" + Json.string(Instant.ofEpochMilli(s.startTimeMillis()).toString())
        + ",\"lastReload\":" + (s.lastReloadMillis() == 0 ? "null"
            : Json.string(Instant.ofEpochMilli(s.lastReloadMillis()).toString()))
        + ",\"reloads\":" + s.reloads() + ",\"components\":" + components + "}";
  }

  private static String array(List<String> items) {
    return items.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
  }
}
