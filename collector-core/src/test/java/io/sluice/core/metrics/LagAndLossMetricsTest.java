package io.sluice.core.metrics;

import static io.sluice.core.metrics.PrometheusText.one;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Lag and loss as an operator scrapes them from a running agent's {@code /prometheus}: event ages
 * at commit and delivery from a timestamp header of known age, events of unknown age, commit and
 * batch durations, and a regex_filter's exclusions counted as dropped with their reason; while
 * Flume's JSON at {@code /metrics} keeps Flume's keys.
 */
class LagAndLossMetricsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final long AGE_MILLIS = 5_000;
  private static final String CONFIG = """
      lag.sources = r1 r2
      lag.channels = c1
      lag.sinks = k1
      lag.sources.r1.type = netcat
      lag.sources.r1.bind = 127.0.0.1
      lag.sources.r1.port = 0
      lag.sources.r1.channels = c1
      lag.sources.r1.interceptors = skip stamp
      lag.sources.r1.interceptors.skip.type = regex_filter
      lag.sources.r1.interceptors.skip.regex = ^drop
      lag.sources.r1.interceptors.skip.excludeEvents = true
      lag.sources.r1.interceptors.stamp.type = static
      lag.sources.r1.interceptors.stamp.key = timestamp
      lag.sources.r1.interceptors.stamp.value = %d
      lag.sources.r2.type = netcat
      lag.sources.r2.bind = 127.0.0.1
      lag.sources.r2.port = 0
      lag.sources.r2.channels = c1
      lag.channels.c1.type = memory
      lag.sinks.k1.type = logger
      lag.sinks.k1.channel = c1
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void agesDurationsAndFilteredEventsShowInAScrapeAndFlumesJsonKeepsItsKeys() throws Exception {
    long stamp = System.currentTimeMillis() - AGE_MILLIS;
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    try (Agent agent = new Agent(loader.load(FlumeProperties.parse(CONFIG.formatted(stamp)), "lag"),
            AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(5)));
        HttpMetricsServer server = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "lag", () -> agent)) {
      agent.start();
      List<String> lines = IntStream.range(0, 13)
          .mapToObj(i -> (i % 4 == 3 ? "drop " : "keep ") + i).toList();
      AgentMonitoringTest.send(agent, "r1", lines); // 10 kept, 3 filtered out
      AgentMonitoringTest.send(agent, "r2", List.of("no stamp 1", "no stamp 2", "no stamp 3"));
      await().atMost(DEADLINE).until(() -> agent.metrics()
          .value("SINK.k1", "EventDrainSuccessCount") == 13);
      long upper = System.currentTimeMillis() - stamp;

      Map<String, PrometheusText.Sample> s = PrometheusText.parse(get(server, "/prometheus"));
      assertEquals(10.0, one(s, "sluice_event_age_seconds_count", "component", "r1",
          "stage", "commit").value());
      double sum = one(s, "sluice_event_age_seconds_sum", "component", "r1", "stage", "commit")
          .value();
      assertTrue(sum >= 10 * AGE_MILLIS / 1000.0 && sum <= 10 * upper / 1000.0, "sum " + sum);
      assertEquals(0.0, one(s, "sluice_event_age_seconds_bucket", "component", "r1",
          "stage", "commit", "le", "2.5").value(), "5 s old events are not in the 2.5 s bucket");
      assertEquals(10.0, one(s, "sluice_event_age_seconds_bucket", "component", "r1",
          "stage", "commit", "le", "+Inf").value());
      assertEquals(0.0, one(s, "sluice_event_age_unknown_total", "component", "r1",
          "stage", "commit").value());
      assertEquals(3.0, one(s, "sluice_event_age_unknown_total", "component", "r2",
          "stage", "commit").value());
      assertEquals(10.0, one(s, "sluice_event_age_seconds_count", "component", "k1",
          "stage", "delivery").value());
      assertEquals(3.0, one(s, "sluice_event_age_unknown_total", "component", "k1",
          "stage", "delivery").value());
      assertTrue(one(s, "sluice_event_age_seconds_sum", "component", "k1", "stage", "delivery")
          .value() >= 10 * AGE_MILLIS / 1000.0);

      assertEquals(3.0, one(s, "sluice_events_dropped_total", "component", "r1",
          "reason", "filtered").value());
      assertEquals("counter", one(s, "sluice_events_dropped_total", "component", "r1",
          "reason", "unrouted").type());
      assertTrue(one(s, "sluice_channel_commit_duration_seconds_count", "component", "c1",
          "op", "put").value() >= 2, "one put commit per line at least");
      assertTrue(one(s, "sluice_channel_commit_duration_seconds_count", "component", "c1",
          "op", "take").value() >= 1);
      assertTrue(one(s, "sluice_sink_batch_duration_seconds_count", "component", "k1")
          .value() >= 1);
      assertEquals("histogram",
          one(s, "sluice_sink_batch_duration_seconds_sum", "component", "k1").type());

      String json = get(server, "/metrics");
      for (String sluiceOnly : List.of("_seconds", "reason", "stage", "filtered", "Duration")) {
        assertFalse(json.contains(sluiceOnly), sluiceOnly + " in " + json);
      }
      assertTrue(json.contains("\"EventInterceptorDroppedCount\":\"3\""), json);
    }
  }

  private String get(HttpMetricsServer server, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }
}
