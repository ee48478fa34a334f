package io.sluice.it.avro;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.avro.TestKeys;
import io.sluice.it.flume.FlumeAgentProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed two-tier deployment: a real Flume 1.11.0 agent (seq source, static interceptor,
 * replicating to two memory channels) whose two Avro sinks — one plain, one TLS + deflate — send to
 * two Sluice Avro sources. Every event must arrive once per tier-2 source with its headers.
 */
class FlumeAgentToSluiceSourceIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int TOTAL = 5000;
  @TempDir Path tmp;

  @Test
  void flumeAvroSinksDeliverEverythingToSluiceSources() throws Exception {
    TestKeys keys = TestKeys.create(tmp, "tier2");
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel plainChannel = sluice.channel("plain", 20_000, 1000);
      Channel tlsChannel = sluice.channel("tls", 20_000, 1000);
      AvroSource plain = sluice.source("plain", plainChannel, Map.of());
      AvroSource secure = sluice.source("secure", tlsChannel,
          TransportMode.TLS_DEFLATE.sourceKeys(keys));
      String conf = """
          a1.sources = r1
          a1.channels = c1 c2
          a1.sinks = k1 k2
          a1.sources.r1.type = seq
          a1.sources.r1.totalEvents = %d
          a1.sources.r1.batchSize = 50
          a1.sources.r1.channels = c1 c2
          a1.sources.r1.interceptors = i1
          a1.sources.r1.interceptors.i1.type = static
          a1.sources.r1.interceptors.i1.key = origin
          a1.sources.r1.interceptors.i1.value = flume-tier1
          a1.channels.c1.type = memory
          a1.channels.c1.capacity = 20000
          a1.channels.c1.transactionCapacity = 500
          a1.channels.c2.type = memory
          a1.channels.c2.capacity = 20000
          a1.channels.c2.transactionCapacity = 500
          a1.sinks.k1.type = avro
          a1.sinks.k1.channel = c1
          a1.sinks.k1.hostname = 127.0.0.1
          a1.sinks.k1.port = %d
          a1.sinks.k1.batch-size = 200
          a1.sinks.k2.type = avro
          a1.sinks.k2.channel = c2
          a1.sinks.k2.hostname = 127.0.0.1
          a1.sinks.k2.port = %d
          a1.sinks.k2.batch-size = 200
          """.formatted(TOTAL, plain.boundPort(), secure.boundPort())
          + TransportMode.lines("a1.sinks.k2.", TransportMode.TLS_DEFLATE.clientKeys(keys));
      List<Event> viaPlain = new ArrayList<>();
      List<Event> viaTls = new ArrayList<>();
      try (FlumeAgentProcess flume = FlumeAgentProcess.start(tmp.resolve("flume"), conf, DEADLINE,
          "Component type: SOURCE, name: r1 started")) {
        await().atMost(DEADLINE).until(() -> {
          viaPlain.addAll(SluiceAvroEndpoint.drain(plainChannel, 1000));
          viaTls.addAll(SluiceAvroEndpoint.drain(tlsChannel, 1000));
          return viaPlain.size() >= TOTAL && viaTls.size() >= TOTAL;
        });
      }
      Set<String> expected = IntStream.range(0, TOTAL).mapToObj(Integer::toString)
          .collect(Collectors.toCollection(TreeSet::new));
      for (List<Event> got : List.of(viaPlain, viaTls)) {
        assertEquals(TOTAL, got.size(), "each event exactly once");
        assertEquals(expected, got.stream()
            .map(e -> new String(e.getBody(), StandardCharsets.UTF_8))
            .collect(Collectors.toCollection(TreeSet::new)));
        got.forEach(e -> assertEquals(Map.of("origin", "flume-tier1"), e.getHeaders()));
      }
      assertEquals(TOTAL, sluice.metrics.value("SOURCE.secure", "EventAcceptedCount"));
    }
  }
}
