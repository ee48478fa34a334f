package io.sluice.it.flume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Event;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flume's JSON at {@code /metrics}, from a real Apache Flume 1.11.0 agent (its own JVM, started
 * with {@code -Dflume.monitoring.type=http}) and from a Sluice agent on the same config (Avro
 * source, memory channel, file_roll sink: Flume's null sink serves no counters) after the same
 * events: the same groups, the same keys in each, every value a JSON string of the same form. The
 * only differences allowed are those docs/monitoring.md lists, with why.
 */
class FlumeMetricsJsonIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int BATCHES = 3;
  private static final int BATCH = 10;
  /** Every batch, and one single append. */
  private static final String EVENTS = Integer.toString(BATCHES * BATCH + 1);
  private static final String CONFIG = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = avro
      a1.sources.r1.bind = 127.0.0.1
      a1.sources.r1.port = %d
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.channels.c1.capacity = 1000
      a1.sinks.k1.type = file_roll
      a1.sinks.k1.sink.directory = %s
      a1.sinks.k1.sink.rollInterval = 0
      a1.sinks.k1.channel = c1
      """;
  /**
   * Keys one side has and the other not, by group, each documented in docs/monitoring.md
   * ("/metrics against Flume 1.11"): counters Sluice's Avro source keeps that Flume's does not.
   */
  private static final Map<String, Set<String>> SLUICE_ONLY = Map.of("SOURCE.r1", Set.of(
      "BufferedBytes", "EventInterceptorDroppedCount", "EventUnroutedCount",
      "OptionalChannelFailureCount", "RequiredChannelFailureCount"));
  private static final Map<String, Set<String>> FLUME_ONLY = Map.of();

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path tmp;

  @Test
  void sluiceServesTheKeysAndValueTypesFlumeServesForTheSameConfig() throws Exception {
    JsonNode flume;
    int flumeMonitoring = freePort();
    int flumeAvro = freePort();
    try (FlumeAgentProcess agent = FlumeAgentProcess.startWithSystemProperties(
        tmp.resolve("flume"), CONFIG.formatted(flumeAvro, rollDir("flume-roll")), List.of(
            "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + flumeMonitoring),
        DEADLINE, "Component type: SOURCE, name: r1 started")) {
      flume = sendAndScrape(flumeAvro, flumeMonitoring);
    }
    JsonNode sluice;
    try (Agent agent = new Agent(new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of())).load(FlumeProperties.parse(
            CONFIG.formatted(0, rollDir("sluice-roll"))), "a1"), AgentOptions.defaults());
        HttpMetricsServer server = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "a1", () -> agent)) {
      agent.start();
      sluice = sendAndScrape(((AvroSource) agent.source("r1")).boundPort(), server.port());
    }

    assertEquals(names(flume), names(sluice), "groups");
    List<String> differences = new ArrayList<>();
    for (String group : names(flume)) {
      Set<String> sluiceOnly = new TreeSet<>(names(sluice.get(group)));
      sluiceOnly.removeAll(names(flume.get(group)));
      Set<String> flumeOnly = new TreeSet<>(names(flume.get(group)));
      flumeOnly.removeAll(names(sluice.get(group)));
      if (!sluiceOnly.equals(SLUICE_ONLY.getOrDefault(group, Set.of()))) {
        differences.add(group + ": only Sluice has " + sluiceOnly);
      }
      if (!flumeOnly.equals(FLUME_ONLY.getOrDefault(group, Set.of()))) {
        differences.add(group + ": only Flume has " + flumeOnly);
      }
    }
    assertTrue(differences.isEmpty(), String.join("\n", differences)
        + "\nFlume: " + flume + "\nSluice: " + sluice);
    assertEveryValueAString(flume, "Flume");
    assertEveryValueAString(sluice, "Sluice");
    for (String group : names(flume)) {
      for (String key : names(flume.get(group))) {
        String f = form(flume.get(group).get(key).asText());
        String s = form(sluice.get(group).path(key).asText());
        if (sluice.get(group).has(key) && !s.equals(f)) {
          differences.add(group + "." + key + ": Flume " + f + ", Sluice " + s);
        }
      }
    }
    assertTrue(differences.isEmpty(), String.join("\n", differences));
    // The counts agree too, where they do not depend on timing or on the implementation.
    for (String[] key : new String[][] {{"SOURCE.r1", "EventAcceptedCount"},
        {"SOURCE.r1", "AppendBatchAcceptedCount"}, {"SOURCE.r1", "AppendAcceptedCount"},
        {"CHANNEL.c1", "EventPutSuccessCount"}, {"CHANNEL.c1", "ChannelCapacity"},
        {"SINK.k1", "EventDrainSuccessCount"}}) {
      assertEquals(flume.get(key[0]).get(key[1]), sluice.get(key[0]).get(key[1]),
          key[0] + " " + key[1]);
    }
  }

  /**
   * Sends {@link #BATCHES} batches and one single event with Flume's own SDK client, then reads
   * {@code /metrics} until the sink has drained them all.
   */
  private JsonNode sendAndScrape(int avroPort, int monitoringPort) throws Exception {
    Properties props = new Properties();
    props.put("hosts", "h1");
    props.put("hosts.h1", "127.0.0.1:" + avroPort);
    props.put("batch-size", Integer.toString(BATCH));
    try (FlumeSdkClients sdk = new FlumeSdkClients();
        FlumeSdkClients.Client client = sdk.client(props)) {
      for (int b = 0; b < BATCHES; b++) {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          batch.add(Event.of(Map.of("i", Integer.toString(i)),
              ("event " + b + "." + i).getBytes(StandardCharsets.UTF_8)));
        }
        client.appendBatch(batch);
      }
      client.append(Event.of("single".getBytes(StandardCharsets.UTF_8)));
    }
    JsonNode[] last = new JsonNode[1];
    await("/metrics on port " + monitoringPort + " shows " + EVENTS + " events drained")
        .atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
          last[0] = metrics(monitoringPort);
          return EVENTS.equals(last[0].path("SINK.k1").path("EventDrainSuccessCount").asText());
        });
    return last[0];
  }

  private String rollDir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name)).toString().replace('\\', '/');
  }

  private JsonNode metrics(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readTree(r.body());
  }

  /** What a value's text is: a whole number, a decimal or other text. */
  private static String form(String value) {
    if (value.matches("-?\\d+")) {
      return "whole";
    }
    return value.matches("-?\\d+\\.\\d+(E-?\\d+)?") ? "decimal" : "text";
  }

  private static void assertEveryValueAString(JsonNode metrics, String who) {
    Map<String, String> notStrings = new TreeMap<>();
    metrics.fields().forEachRemaining(g -> g.getValue().fields().forEachRemaining(v -> {
      if (!v.getValue().isTextual()) {
        notStrings.put(g.getKey() + "." + v.getKey(), v.getValue().getNodeType().toString());
      }
    }));
    assertTrue(notStrings.isEmpty(), who + " values that are not strings: " + notStrings);
  }

  private static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
