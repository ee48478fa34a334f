package io.sluice.flumecompat;

import static io.sluice.flumecompat.TestAgents.DEADLINE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.config.ConfigException;
import io.sluice.core.agent.Agent;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel class of the user's, compiled against Flume 1.11.0's API (module flume-test-plugin's
 * {@code com.example.BoundedQueueChannel}, a {@code BasicChannelSemantics} channel with no counters
 * of its own), in plugins.d, between Sluice's own sources and sinks, and between Flume ones.
 */
class FlumeChannelsInSluiceTest {
  @TempDir static Path work;
  static ComponentRegistry registry;

  @TempDir Path tmp;

  @BeforeAll
  static void installPlugin() throws IOException {
    registry = TestAgents.withPlugins(List.of(FlumePluginJar.build(work)));
  }

  private static Agent agent(String properties) {
    return TestAgents.start(registry, properties);
  }

  /** seq (as fast as the channel lets it) into channel c1 of {@code channelLines}. */
  static String seqInto(int total, String channelLines) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = %d
        a1.sources.r1.batchSize = 5
        a1.sources.r1.backoffSleepIncrement = 10
        a1.sources.r1.maxBackoffSleep = 50
        a1.sources.r1.channels = c1
        """.formatted(total) + channelLines;
  }

  /** A file_roll sink k1 draining c1 into {@code dir}. */
  static String fileRollFrom(Path dir) {
    return """
        a1.sinks = k1
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        a1.sinks.k1.sink.batchSize = 20
        """.formatted(dir);
  }

  @Test
  void sluiceSourceToAFlumeChannelClassToASluiceSinkDeliversEveryEventOnce() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (Agent a = agent(seqInto(500, """
        a1.channels.c1.type = com.example.BoundedQueueChannel
        a1.channels.c1.capacity = 100
        a1.channels.c1.transactionCapacity = 50
        """) + fileRollFrom(out))) {
      await().atMost(DEADLINE).until(() -> lines(out).size() >= 500);
      assertEquals(expectedBodies(500), lines(out));
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 0);
      // Counted by the adapter under Flume's names: the channel keeps no counters of its own.
      assertEquals(500, a.metrics().value("CHANNEL.c1", "EventPutSuccessCount"));
      assertEquals(500, a.metrics().value("CHANNEL.c1", "EventTakeSuccessCount"));
      assertEquals(500, a.metrics().value("SINK.k1", "EventDrainSuccessCount"));
    }
  }

  @Test
  void aFullFlumeChannelHoldsTheSourceBackAndLosesNothing() {
    try (Agent a = agent(seqInto(60, """
        a1.channels.c1.type = com.example.BoundedQueueChannel
        a1.channels.c1.capacity = 10
        """))) {
      Channel c1 = a.channel("c1");
      // Full: the source's later commits fail (ChannelFullException) and it backs off and retries.
      await().atMost(DEADLINE).until(() -> c1.size() == 10
          && a.metrics().value("CHANNEL.c1", "EventPutAttemptCount") > 20);
      assertEquals(10, a.metrics().value("CHANNEL.c1", "EventPutSuccessCount"));
      List<String> taken = new ArrayList<>();
      await().atMost(DEADLINE).until(() -> {
        taken.addAll(bodies(takeCommitted(c1, 7)));
        return taken.size() >= 60;
      });
      assertEquals(expectedBodies(60), taken, "every event once, in order");
      assertEquals(0, c1.size());
    }
  }

  @Test
  void aRolledBackTakeLeavesTheEventsInTheFlumeChannel() {
    try (Agent a = agent(seqInto(3, """
        a1.channels.c1.type = com.example.BoundedQueueChannel
        """))) {
      Channel c1 = a.channel("c1");
      await().atMost(DEADLINE).until(() -> c1.size() == 3);
      try (Transaction tx = c1.getTransaction()) {
        tx.begin();
        assertEquals(List.of("0", "1"), bodies(tx.take(2)));
      } // closed without commit: rolled back
      assertEquals(3, c1.size());
      assertEquals(List.of("0", "1", "2"), bodies(takeCommitted(c1, 10)));
    }
  }

  @Test
  void flumeSourceToAFlumeChannelToAFlumeSink() throws IOException {
    Path out = tmp.resolve("lines.txt");
    try (Agent a = agent("""
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = com.example.CountingSource
        a1.sources.r1.total = 40
        a1.sources.r1.batchSize = 7
        a1.sources.r1.channels = c1
        a1.channels.c1.type = com.example.BoundedQueueChannel
        a1.sinks.k1.type = com.example.LineFileSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.path = %s
        """.formatted(out))) {
      await().atMost(DEADLINE).until(() -> Files.exists(out)
          && Files.readAllLines(out, StandardCharsets.UTF_8).size() >= 40);
      assertEquals(IntStream.range(0, 40).mapToObj(i -> "{src=r1}|p-" + i).toList(),
          Files.readAllLines(out, StandardCharsets.UTF_8));
    }
  }

  @Test
  void channelErrorsNameTheChannelsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestAgents.loader(registry).load(
        FlumeProperties.parse("""
            a1.channels = c1 c2 c3 c4
            a1.channels.c1.type = com.example.LineFileSink
            a1.channels.c2.type = com.example.NoSuchChannel
            a1.channels.c3.type = jdbc
            a1.channels.c4.type = com.example.BoundedQueueChannel
            a1.channels.c4.capacity = 0
            """), "a1"));
    Map<String, String> byKey = e.problems().stream().collect(Collectors.toMap(
        p -> p.key(), p -> p.message(), (x, y) -> x + " / " + y));
    assertTrue(byKey.get("a1.channels.c1.type").contains("a Flume sink, not a channel"),
        byKey.toString());
    assertTrue(byKey.get("a1.channels.c2.type").contains("'com.example.NoSuchChannel' is not on "
        + "the classpath or in plugins.d"), byKey.toString());
    assertTrue(byKey.get("a1.channels.c3.type").contains("Flume's 'jdbc' channel "
        + "(org.apache.flume.channel.jdbc.JdbcChannel) is not part of Sluice")
        && byKey.get("a1.channels.c3.type").contains("docs/compatibility.md"), byKey.toString());
    assertTrue(byKey.get("a1.channels.c4.type").contains(
        "com.example.BoundedQueueChannel refuses its configuration"), byKey.toString());
  }

  /** Takes up to {@code max} events in one committed transaction. */
  static List<Event> takeCommitted(Channel c, int max) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      List<Event> out = tx.take(max);
      tx.commit();
      return out;
    }
  }

  static List<String> bodies(List<Event> events) {
    return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  static List<String> expectedBodies(int n) {
    return IntStream.range(0, n).mapToObj(Integer::toString).toList();
  }

  /** Every line of the files in {@code dir}, files in name order. */
  static List<String> lines(Path dir) throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return all;
  }
}
