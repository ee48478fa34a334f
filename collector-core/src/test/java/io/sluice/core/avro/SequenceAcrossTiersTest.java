package io.sluice.core.avro;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.core.metrics.PrometheusText;
import io.sluice.core.registry.ComponentRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conservation headers end to end: an edge stamps with {@code sequence} and load-balances over
 * two aggregators that check with {@code sequenceCheck}, all real agents over real Avro hops.
 * Summed over the tier, every number arrives once; a replayed batch shows as duplicates.
 */
class SequenceAcrossTiersTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int EVENTS = 5_000;
  private static final String CHECK = "INTERCEPTOR.r1.check";

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()));

  private Agent agent(String name, String text) {
    Agent a = new Agent(loader.load(FlumeProperties.parse(text.replace("A.", name + ".")), name),
        AgentOptions.defaults());
    a.start();
    return a;
  }

  private Agent aggregator(String name) {
    return agent(name, """
        A.sources = r1
        A.channels = c1
        A.sources.r1.type = avro
        A.sources.r1.bind = 127.0.0.1
        A.sources.r1.port = 0
        A.sources.r1.channels = c1
        A.sources.r1.interceptors = check
        A.sources.r1.interceptors.check.type = sequenceCheck
        A.channels.c1.type = memory
        A.channels.c1.capacity = 10000
        A.channels.c1.transactionCapacity = 1000
        """);
  }

  private static int port(Agent aggregator) {
    return ((AvroSource) aggregator.source("r1")).boundPort();
  }

  private static long tier(String counter, Agent... aggregators) {
    long sum = 0;
    for (Agent a : aggregators) {
      sum += a.metrics().value(CHECK, counter);
    }
    return sum;
  }

  @Test
  void everyNumberArrivesOnceOverTheTierAndAReplayShowsAsDuplicates() throws Exception {
    try (Agent agg1 = aggregator("agg1"); Agent agg2 = aggregator("agg2");
        Agent edge = agent("edge", """
            A.sources = r1
            A.channels = c1
            A.sinks = k1 k2
            A.sources.r1.type = seq
            A.sources.r1.batchSize = 100
            A.sources.r1.totalEvents = %d
            A.sources.r1.channels = c1
            A.sources.r1.interceptors = seq
            A.sources.r1.interceptors.seq.type = sequence
            A.sources.r1.interceptors.seq.origin = edge-1
            A.channels.c1.type = memory
            A.channels.c1.capacity = 10000
            A.channels.c1.transactionCapacity = 1000
            A.sinks.k1.type = avro
            A.sinks.k1.channel = c1
            A.sinks.k1.hostname = 127.0.0.1
            A.sinks.k1.port = %d
            A.sinks.k2.type = avro
            A.sinks.k2.channel = c1
            A.sinks.k2.hostname = 127.0.0.1
            A.sinks.k2.port = %d
            A.sinkgroups = g1
            A.sinkgroups.g1.sinks = k1 k2
            A.sinkgroups.g1.processor.type = load_balance
            """.formatted(EVENTS, port(agg1), port(agg2)));
        AvroFixture replay = new AvroFixture()) {
      await().atMost(DEADLINE).until(() -> tier("SequenceReceivedCount", agg1, agg2) >= EVENTS);
      assertEquals(EVENTS, edge.metrics().value("INTERCEPTOR.r1.seq", "SequenceStampedCount"));
      assertEquals(EVENTS, tier("SequenceDistinctCount", agg1, agg2), "every number, once");
      assertEquals(0, tier("SequenceDuplicateCount", agg1, agg2));
      assertTrue(agg1.metrics().value(CHECK, "SequenceDistinctCount") > 0
          && agg2.metrics().value(CHECK, "SequenceDistinctCount") > 0,
          "the edge spread its batches over both aggregators");

      // Re-send 100 events agg1 already has, headers and all, as a sender's retry would.
      List<Event> again = AvroFixture.drain(agg1.channel("c1"), 100);
      Channel resend = replay.memoryChannel("resend", 1000, 1000);
      AvroFixture.put(resend, again);
      AvroSink sink = replay.sink("k1", resend, port(agg1), Map.of(), Clock.systemUTC());
      await().atMost(DEADLINE).until(() -> sink.process() == Status.BACKOFF
          && agg1.metrics().value(CHECK, "SequenceDuplicateCount") == 100);
      assertEquals(EVENTS, tier("SequenceDistinctCount", agg1, agg2));
      assertEquals(0, agg2.metrics().value(CHECK, "SequenceDuplicateCount"));
      assertScrapeShows(agg1, 100);
    }
  }

  /** The counters as an operator scrapes them from {@code /prometheus}. */
  private static void assertScrapeShows(Agent aggregator, long duplicates) throws Exception {
    try (HttpMetricsServer server = new HttpMetricsServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), aggregator.name(),
        () -> aggregator)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, PrometheusText.Sample> s = PrometheusText.parse(r.body());
      PrometheusText.Sample dup = PrometheusText.one(s, "sluice_sequence_duplicates_total",
          "component", "r1.check", "component_kind", "interceptor");
      assertEquals("counter", dup.type());
      assertEquals(duplicates, dup.value());
      assertEquals(1.0, PrometheusText.one(s, "sluice_sequence_streams", "component", "r1.check")
          .value());
      String windows = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/sequence")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(windows.startsWith("{\"agent\":\"agg1\",\"checks\":[{\"component\":"
          + "\"INTERCEPTOR.r1.check\",\"window\":65536,\"evicted\":0,\"streams\":[{\"stream\":"
          + "\"edge-1:") && windows.contains("\"duplicates\":" + duplicates)
          && windows.endsWith("\"complete\":true}"), windows);
    }
  }
}
