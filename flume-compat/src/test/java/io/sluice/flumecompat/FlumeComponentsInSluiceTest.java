package io.sluice.flumecompat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.config.ConfigException;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar of components compiled against Flume 1.11.0's API (test resources flume-plugin/), on the
 * classpath as a user puts it there, named by class in agent configs and run by Sluice.
 */
class FlumeComponentsInSluiceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final AgentOptions FAST = AgentOptions.defaults()
      .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
      .withShutdownGrace(Duration.ofSeconds(10));

  @TempDir static Path work;
  static Path pluginJar;
  static URLClassLoader userClasspath;

  @TempDir Path tmp;

  @BeforeAll
  static void buildPlugin() throws IOException {
    pluginJar = FlumePluginJar.build(work);
    userClasspath = new URLClassLoader(new URL[] {pluginJar.toUri().toURL()},
        FlumeComponentsInSluiceTest.class.getClassLoader());
  }

  @AfterAll
  static void closeLoader() throws IOException {
    userClasspath.close();
  }

  private static AgentConfigLoader loader() {
    return new AgentConfigLoader(new ComponentRegistry(userClasspath),
        ValueSubstitutor.of(Map.of(), Map.of()));
  }

  private static Agent agent(String text) {
    Agent a = new Agent(loader().load(FlumeProperties.parse(text), "a1"), FAST);
    a.start();
    return a;
  }

  private static String sourceToChannel(String sourceLines) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 1000
        a1.channels.c1.transactionCapacity = 100
        a1.channels.c1.keep-alive = 0.1
        """ + sourceLines;
  }

  /** Takes everything the channel holds, in one committed transaction. */
  private static List<Event> drain(Channel c) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      List<Event> out = new ArrayList<>();
      for (Event e = tx.take(); e != null; e = tx.take()) {
        out.add(e);
      }
      tx.commit();
      return out;
    }
  }

  private static List<String> bodies(List<Event> events) {
    return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void flumeInterceptorAddsHeadersAndDropsEvents() {
    try (Agent a = agent(sourceToChannel("""
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = 10
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = com.example.TaggingInterceptor$Builder
        a1.sources.r1.interceptors.i1.tag = blue
        a1.sources.r1.interceptors.i1.dropRegex = [13579]
        """))) {
      await().atMost(DEADLINE).until(() ->
          a.metrics().value("SOURCE.r1", "EventInterceptorDroppedCount") == 5
              && a.channel("c1").size() == 5);
      List<Event> events = drain(a.channel("c1"));
      assertEquals(List.of("0", "2", "4", "6", "8"), bodies(events));
      events.forEach(e -> assertEquals("blue", e.getHeaders().get("tag"), e.toString()));
    }
  }

  @Test
  void flumesOwnInterceptorLoadsFromFlumesJarsByItsShortName() {
    try (Agent a = agent(sourceToChannel("""
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = 3
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = search_replace
        a1.sources.r1.interceptors.i1.searchPattern = ^
        a1.sources.r1.interceptors.i1.replaceString = n-
        """))) {
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 3);
      assertEquals(List.of("n-0", "n-1", "n-2"), bodies(drain(a.channel("c1"))));
    }
  }

  @Test
  void flumePollableSourceDeliversInCommittedBatchesAndCountsInSluiceMetrics() {
    try (Agent a = agent(sourceToChannel("""
        a1.sources.r1.type = com.example.CountingSource
        a1.sources.r1.total = 10
        a1.sources.r1.batchSize = 3
        """))) {
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 10);
      List<Event> events = drain(a.channel("c1"));
      assertEquals(IntStream.range(0, 10).mapToObj(i -> "p-" + i).toList(), bodies(events));
      events.forEach(e -> assertEquals("r1", e.getHeaders().get("src")));
      // Flume's SourceCounter, mapped onto the source's Sluice metrics.
      assertEquals(10, a.metrics().value("SOURCE.r1", "EventAcceptedCount"));
      assertEquals(10, a.metrics().value("SOURCE.r1", "EventReceivedCount"));
    }
  }

  @Test
  void flumeEventDrivenSourceDeliversFromItsOwnThread() {
    try (Agent a = agent(sourceToChannel("""
        a1.sources.r1.type = com.example.PushingSource
        a1.sources.r1.count = 5
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = com.example.TaggingInterceptor$Builder
        a1.sources.r1.interceptors.i1.tag = pushed
        """))) {
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 5);
      List<Event> events = drain(a.channel("c1"));
      assertEquals(List.of("e-0", "e-1", "e-2", "e-3", "e-4"), bodies(events));
      events.forEach(e -> assertEquals("pushed", e.getHeaders().get("tag")));
    }
  }

  @Test
  void flumeChannelSelectorRoutesBetweenTheSourcesChannels() {
    try (Agent a = agent("""
        a1.sources = r1
        a1.channels = c1 c2
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = 4
        a1.sources.r1.channels = c1 c2
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = regex_extractor
        a1.sources.r1.interceptors.i1.regex = ^([13])$
        a1.sources.r1.interceptors.i1.serializers = s1
        a1.sources.r1.interceptors.i1.serializers.s1.name = n
        a1.sources.r1.selector.type = com.example.HeaderRoutingSelector
        a1.sources.r1.selector.header = n
        a1.sources.r1.selector.route.1 = c2
        a1.sources.r1.selector.route.3 = c2
        a1.channels.c1.type = memory
        a1.channels.c2.type = memory
        """)) {
      await().atMost(DEADLINE).until(() -> a.channel("c2").size() == 4);
      assertEquals(List.of("0", "2"), bodies(drain(a.channel("c1"))), "routed by header n");
      assertEquals(List.of("0", "1", "2", "3"), bodies(drain(a.channel("c2"))));
    }
  }

  @Test
  void aClassThatIsNotAChannelSelectorIsRefusedNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader().load(
        FlumeProperties.parse(sourceToChannel("""
            a1.sources.r1.type = seq
            a1.sources.r1.selector.type = com.example.LineFileSink
            """)), "a1"));
    assertEquals("a1.sources.r1.selector.type", e.problems().get(0).key(), e.getMessage());
    assertTrue(e.problems().get(0).message().contains("a Flume sink, not a channel selector"),
        e.getMessage());
  }

  @Test
  void flumeSinkRollsBackOnItsFailureAndTheEventsStayInTheChannelUntilItRecovers()
      throws IOException {
    Path out = tmp.resolve("out.txt");
    Path down = Files.createFile(tmp.resolve("down"));
    try (Agent a = agent("""
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = 20
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.keep-alive = 0.1
        a1.sinks.k1.type = com.example.LineFileSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = 5
        a1.sinks.k1.path = %s
        a1.sinks.k1.failWhileExists = %s
        """.formatted(out, down))) {
      // Two failed batches at least, after the source put all 20: every event is still there.
      await().atMost(DEADLINE).until(() ->
          a.metrics().value("SOURCE.r1", "EventAcceptedCount") == 20
              && a.metrics().value("SINK.k1", "EventDrainAttemptCount") >= 10);
      assertEquals(20, a.channel("c1").size());
      assertFalse(Files.exists(out));
      assertEquals(0, a.metrics().value("SINK.k1", "EventDrainSuccessCount"));

      Files.delete(down);
      await().atMost(DEADLINE).until(() -> lines(out).size() >= 20);
      List<String> lines = lines(out);
      assertEquals(20, lines.size(), "each event once: " + lines);
      Set<String> expected = IntStream.range(0, 20).mapToObj(i -> "{}|" + i)
          .collect(Collectors.toSet());
      assertEquals(expected, new HashSet<>(lines));
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 0);
      assertEquals(20, a.metrics().value("SINK.k1", "EventDrainSuccessCount"));
    }
  }

  @Test
  void flumeSinkInAFailoverGroupAndFlumeSourceEndToEnd() throws IOException {
    Path out = tmp.resolve("out.txt");
    try (Agent a = agent("""
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1 k2
        a1.sinkgroups = g1
        a1.sinkgroups.g1.sinks = k1 k2
        a1.sinkgroups.g1.processor.type = failover
        a1.sinkgroups.g1.processor.priority.k1 = 10
        a1.sources.r1.type = com.example.CountingSource
        a1.sources.r1.total = 50
        a1.sources.r1.batchSize = 7
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.keep-alive = 0.1
        a1.sinks.k1.type = com.example.LineFileSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.path = %s
        a1.sinks.k1.failWhileExists = %s
        a1.sinks.k2.type = com.example.LineFileSink
        a1.sinks.k2.channel = c1
        a1.sinks.k2.path = %s
        """.formatted(out, tmp.resolve("never"), out))) {
      await().atMost(DEADLINE).until(() -> lines(out).size() >= 50);
      List<String> lines = lines(out);
      assertEquals(50, lines.size());
      assertEquals(IntStream.range(0, 50).mapToObj(i -> "{src=r1}|p-" + i)
          .collect(Collectors.toSet()), new HashSet<>(lines));
    }
  }

  @Test
  void errorsNameTheKeyAndPointAtTheCompatibilityPage() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader().load(
        FlumeProperties.parse(sourceToChannel("""
            a1.sources.r1.type = seq
            a1.sources.r1.interceptors = i1 i2 i3
            a1.sources.r1.interceptors.i1.type = com.example.TaggingInterceptor$Builder
            a1.sources.r1.interceptors.i2.type = com.example.TaggingInterceptor
            a1.sources.r1.interceptors.i3.type = com.example.NoSuchInterceptor$Builder
            a1.sinks = k1 k2 k3
            a1.sinks.k1.type = hbase
            a1.sinks.k1.channel = c1
            a1.sinks.k2.type = com.example.PushingSource
            a1.sinks.k2.channel = c1
            a1.sinks.k3.type = org.apache.flume.sink.hive.HiveSink
            a1.sinks.k3.channel = c1
            """)), "a1"));
    Map<String, String> byKey = e.problems().stream().collect(Collectors.toMap(
        p -> p.key(), p -> p.message(), (x, y) -> x + " / " + y));
    assertTrue(byKey.get("a1.sources.r1.interceptors.i1.type").contains("tag is required"),
        byKey.toString());
    assertTrue(byKey.get("a1.sources.r1.interceptors.i2.type").contains("name its Builder"),
        byKey.toString());
    assertTrue(byKey.get("a1.sources.r1.interceptors.i3.type").contains("not on the classpath")
        && byKey.get("a1.sources.r1.interceptors.i3.type").contains("docs/compatibility.md"),
        byKey.toString());
    assertTrue(byKey.get("a1.sinks.k1.type").contains(
        "Flume's 'hbase' sink (org.apache.flume.sink.hbase.HBaseSink) is not part of Sluice")
        && byKey.get("a1.sinks.k1.type").contains("docs/compatibility.md"), byKey.toString());
    assertTrue(byKey.get("a1.sinks.k2.type").contains("a Flume source, not a sink"),
        byKey.toString());
    assertTrue(byKey.get("a1.sinks.k3.type").contains("org.apache.flume.sink.hive.HiveSink is not "
        + "part of Sluice"), byKey.toString());
  }

  @Test
  void aComponentWhoseDependenciesAreMissingIsAConfigProblemNotARunTimeFailure() {
    // Flume's syslogtcp source is in flume-ng-core, but needs Netty, which lib/flume-api lacks.
    ConfigException e = assertThrows(ConfigException.class, () -> loader().load(
        FlumeProperties.parse(sourceToChannel("""
            a1.sources.r1.type = syslogtcp
            a1.sources.r1.port = 5140
            """)), "a1"));
    String message = e.problems().get(0).message();
    assertTrue(message.contains("needs class") && message.contains("plugins.d"), message);
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }
}
