package io.sluice.core.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What each monitoring path answers; the HTTP server only moves bytes. {@code agent} may answer
 * null while the agent is still being built (then the agent is "starting").
 */
final class MonitoringRoutes {
  static final String JSON = "application/json; charset=utf-8";

  private final String agentName;
  private final Supplier<? extends MonitoredAgent> agent;
  private final PrometheusEndpoint prometheus;

  /** A status code, content type and body. */
  record Response(int status, String contentType, byte[] body) {
    static Response of(int status, String contentType, String body) {
      return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  MonitoringRoutes(String agentName, Supplier<? extends MonitoredAgent> agent) {
    this.agentName = agentName;
    this.agent = agent;
    this.prometheus = new PrometheusEndpoint(agentName, agent);
  }

  /** The answer to {@code GET path} (query string removed). */
  Response get(String path, String accept) throws IOException {
    MonitoredAgent a = agent.get();
    switch (path) {
      case "/metrics": {
        Map<String, Map<String, Object>> groups = a == null ? Map.of()
            : a.metrics().flumeSnapshot();
        return Response.of(200, JSON, FlumeJson.of(groups));
      }
      case "/prometheus":
      case "/metrics/prometheus": {
        PrometheusEndpoint.Scrape s = prometheus.scrape(accept);
        return new Response(200, s.contentType(), s.body());
      }
      case "/health/live":
        // The process answers, so it is alive; never tied to downstreams (a restart loses data).
        return Response.of(200, JSON, StatusJson.health(List.of()));
      case "/health/ready": {
        List<String> problems = Readiness.problems(a);
        return Response.of(problems.isEmpty() ? 200 : 503, JSON, StatusJson.health(problems));
      }
      case "/status":
        return Response.of(200, JSON, StatusJson.status(agentName, a));
      case "/sequence":
        // The conservation headers' windows, for merging across a tier.
        return a == null || a.metrics().sequenceExports().isEmpty()
            ? Response.of(404, "text/plain; charset=utf-8", "no sequenceCheck interceptor\n")
            : Response.of(200, JSON, SequenceJson.of(agentName, a));
      case "/":
        return Response.of(200, "text/html; charset=utf-8", "<html><body>"
            + "<a href=\"/metrics\">metrics</a> <a href=\"/prometheus\">prometheus</a> "
            + "<a href=\"/health/ready\">ready</a> <a href=\"/status\">status</a></body></html>");
      default:
        return Response.of(404, "text/plain; charset=utf-8", "no such path: " + path + "\n");
    }
  }
}
