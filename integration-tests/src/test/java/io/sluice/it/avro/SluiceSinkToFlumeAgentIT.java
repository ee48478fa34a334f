package io.sluice.it.avro;

import static io.sluice.it.avro.EventAssertions.assertSameEvents;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.avro.AvroSink;
import io.sluice.core.avro.TestKeys;
import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.it.flume.FlumeEventFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sluice's Avro sink → a real Flume 1.11.0 agent in its own JVM, whose four Avro sources (one per
 * transport mode) feed a memory channel and a {@code file_roll} sink writing {@code avro_event}
 * files; every header and body must land byte-identical.
 */
class SluiceSinkToFlumeAgentIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  @TempDir static Path tmp;
  private static TestKeys keys;
  private static FlumeAgentProcess flume;
  private static Path landed;
  private static final Map<TransportMode, Integer> PORTS = new EnumMap<>(TransportMode.class);

  @BeforeAll
  static void startFlume() throws Exception {
    keys = TestKeys.create(tmp, "flume");
    landed = Files.createDirectories(tmp.resolve("landed"));
    StringBuilder conf = new StringBuilder("""
        a1.channels = c1
        a1.sinks = k1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 1000
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        a1.sinks.k1.sink.batchSize = 1000
        a1.sinks.k1.sink.serializer = avro_event
        """.formatted(landed.toString().replace("\\", "/")));
    StringBuilder sources = new StringBuilder("a1.sources =");
    String[] ready = new String[TransportMode.values().length];
    for (TransportMode m : TransportMode.values()) {
      String name = "r_" + m.name().toLowerCase();
      int port = freePort();
      PORTS.put(m, port);
      sources.append(' ').append(name);
      String prefix = "a1.sources." + name + ".";
      conf.append(prefix).append("type = avro\n").append(prefix).append("bind = 127.0.0.1\n")
          .append(prefix).append("port = ").append(port).append('\n')
          .append(prefix).append("channels = c1\n")
          .append(TransportMode.lines(prefix, m.sourceKeys(keys)));
      ready[m.ordinal()] = "Component type: SOURCE, name: " + name + " started";
    }
    flume = FlumeAgentProcess.start(tmp.resolve("flume"), sources + "\n" + conf, DEADLINE, ready);
  }

  @AfterAll
  static void stopFlume() {
    if (flume != null) {
      flume.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<Event> landedWithTag(String tag) throws Exception {
    return FlumeEventFiles.read(landed).stream()
        .filter(e -> tag.equals(e.getHeaders().get("tag"))).toList();
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void everyEventLandsByteIdentical(TransportMode mode) throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel up = sluice.channel("up", 10_000, 1000);
      Map<String, String> keys = mode.clientKeys(SluiceSinkToFlumeAgentIT.keys);
      keys.put("batch-size", "100");
      AvroSink sink = sluice.sink("k1", up, PORTS.get(mode), keys);
      String tag = "sink-" + mode;
      List<Event> sent = SluiceAvroEndpoint.events(tag, 0, 1000);
      SluiceAvroEndpoint.put(up, sent);
      int steps = 0;
      while (sink.process() == Status.READY) {
        steps++;
      }
      assertEquals(10, steps);
      assertEquals(1000, sluice.metrics.value("SINK.k1", "EventDrainSuccessCount"));
      await().atMost(DEADLINE).until(() -> landedWithTag(tag).size() >= 1000);
      assertSameEvents(sent, landedWithTag(tag));
    }
  }
}
