package io.sluice.edge.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.DiscoveryContext;
import io.sluice.api.spi.MemberSink;
import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.DiscoveredGroup;
import io.sluice.coordination.HopSettings;
import io.sluice.coordination.JitteredBackoff;
import io.sluice.coordination.Member;
import io.sluice.coordination.Route;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.avro.AvroSinkConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.rpc.Compression;
import io.sluice.rpc.LogCapture;
import io.sluice.testsupport.TestZooKeeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code zookeeper} discovery alone: its config, its member sinks, and session expiry. */
class ZooKeeperDiscoveryTest {
  @TempDir Path tmp;

  @Test
  void connectComesFromTheKeyOrTheEnvironmentAndIsRequired() {
    ConfigException e = assertThrows(ConfigException.class, () -> configure(Map.of(), ""));
    assertTrue(e.getMessage().contains("connect"), e.getMessage());
    assertTrue(e.getMessage().contains("SLUICE_ZK"), e.getMessage());

    ZooKeeperDiscoveryConfig fromEnv = configure(
        Map.of("SLUICE_ZK", "zk1:2181", "SLUICE_CLUSTER", "prod"), "");
    assertEquals("zk1:2181", fromEnv.zk().connectString());
    assertEquals("prod", fromEnv.zk().cluster());
    assertEquals("aggregators", fromEnv.tier());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "sluice-edge-cache", "e1-g1",
        "discovery.properties"), fromEnv.cacheFile("e1", "g1"));
    assertEquals(Duration.ofSeconds(5), fromEnv.resyncJitter());
    assertEquals(Duration.ofSeconds(5), fromEnv.backoff().maxJitter());

    ZooKeeperDiscoveryConfig fromKeys = configure(Map.of("SLUICE_ZK", "ignored:1"), """
        e1.sinkgroups.g1.discovery.connect = zk2:2181
        e1.sinkgroups.g1.discovery.tier = hot
        e1.sinkgroups.g1.discovery.basePath = /other
        e1.sinkgroups.g1.discovery.cacheDir = /var/cache/x
        e1.sinkgroups.g1.discovery.resyncJitter = 1500
        """);
    assertEquals("zk2:2181", fromKeys.zk().connectString());
    assertEquals("default", fromKeys.zk().cluster());
    assertEquals("/other", fromKeys.zk().basePath());
    assertEquals("hot", fromKeys.tier());
    assertEquals(Path.of("/var/cache/x", "discovery.properties"), fromKeys.cacheFile("e1", "g1"));
    assertEquals(Duration.ofMillis(1500), fromKeys.resyncJitter());
    assertEquals(Duration.ZERO, configure(Map.of("SLUICE_ZK", "zk:1"),
        "e1.sinkgroups.g1.discovery.resyncJitter = 0\n").backoff().maxJitter());
  }

  @Test
  void aNegativeResyncJitterIsReportedWithItsKey() {
    var factory = new ZooKeeperDiscoveryFactory(Map.of("SLUICE_ZK", "zk:1"));
    String prefix = "e1.sinkgroups.g1.discovery.";
    var parsed = io.sluice.core.config.ConfigParser.parse(factory.configDef(),
        Map.of("resyncJitter", "-1"), prefix);
    assertTrue(!parsed.ok() && parsed.problems().toString().contains(prefix + "resyncJitter"),
        parsed.problems().toString());
  }

  @Test
  void badClusterNameIsReportedWithItsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> configure(Map.of(),
        "e1.sinkgroups.g1.discovery.connect = zk:1\ne1.sinkgroups.g1.discovery.cluster = a/b\n"));
    assertTrue(e.getMessage().contains("cluster"), e.getMessage());
  }

  @Test
  void failoverMembersComeInPriorityOrderWithTheRouteSettings() {
    HopSettings hop = HopSettings.NONE.withBatchSize(500).withConnectTimeout(Duration.ofSeconds(3))
        .withCompression(Route.Compression.DEFLATE, 9);
    Route route = new Route("g1", "agg", Route.Mode.FAILOVER, Route.Selector.ROUND_ROBIN,
        Map.of("m1", 1, "m3", 50), hop, true);
    DiscoveredGroup g = new DiscoveredGroup("g1", route, List.of(
        new Member("m1", "h1", 4141, false, 100, ""),
        new Member("m2", "h2", 4142, false, 20, ""),
        new Member("m3", "h3", 4143, false, 100, ""),
        new Member("m.4", "h4", 4144, false, 20, "")), 3);
    LinkedHashMap<String, MemberSink> sinks = MemberSinks.of(g);
    // m3 by its route priority 50, then the weights m2/m.4 (20, by id), then m1 (priority 1).
    assertEquals(List.of("agg-m3", "agg-m_4", "agg-m2", "agg-m1"), List.copyOf(sinks.keySet()));
    assertEquals(MemberSink.of(Map.of("type", "avro", "hostname", "h3", "port", "4143", "ssl",
        "true"), new RouteSinkSettings(hop)), sinks.get("agg-m3"));
  }

  @Test
  void whatTheRouteSetsIsWhatTheMemberSinkRunsWithAndTheTemplateKeepsTheRest() {
    // The template asks for 2 s; the route's 20 s (Flume's default value) must still win.
    HopSettings hop = HopSettings.NONE.withRequestTimeout(Duration.ofSeconds(20))
        .withCompression(Route.Compression.DEFLATE, 9);
    DiscoveredGroup g = new DiscoveredGroup("g1", Route.defaults("g1", "agg").withHop(hop),
        List.of(new Member("m1", "h1", 4141, false, 100, "")), 2);
    Map<String, String> template = Map.of("request-timeout", "2000", "connect-timeout", "1500",
        "batch-size", "50", "compression-type", "none");
    MemberSink member = MemberSinks.of(g).get("agg-m1");
    Map<String, String> keys = new LinkedHashMap<>(template);
    keys.putAll(member.keys());
    keys.put("channel", "c");
    AvroSinkConfig c = (AvroSinkConfig) new AgentConfigLoader(
        ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()))
        .memberSpec("e1", "agg-m1", new MemberSink(keys, member.settings()), Map.of()).config();
    assertEquals(Duration.ofSeconds(20), c.requestTimeout(), "the route's request-timeout");
    assertEquals(Compression.DEFLATE, c.compression(), "the route's compression-type");
    assertEquals(9, c.compressionLevel(), "the route's compression-level");
    assertEquals(Duration.ofMillis(1500), c.connectTimeout(), "unset in the route: the template");
    assertEquals(50, c.batchSize(), "unset in the route: the template");
    assertEquals("h1:4141", c.peer());
  }

  @Test
  void membersWhoseSinkNamesCollideAreAllLeftOutAndNoRouteTurnsTlsOff() {
    DiscoveredGroup g = new DiscoveredGroup("g1", Route.defaults("g1", "agg"), List.of(
        new Member("a.b", "10.0.0.1", 4141, false, 100, ""),
        new Member("a_b", "203.0.113.9", 4141, false, 100, ""),
        new Member("c", "10.0.0.3", 4141, false, 100, "")), 1);
    LinkedHashMap<String, MemberSink> sinks = MemberSinks.of(g);
    assertEquals(List.of("agg-c"), List.copyOf(sinks.keySet()));
    // Neither the route nor the member asks for TLS: no ssl key, so the edge's sink.ssl stays.
    assertTrue(!sinks.get("agg-c").keys().containsKey("ssl"), sinks.toString());
  }

  @Test
  void maxMembersDefaultsAndIsAKey() {
    assertEquals(64, configure(Map.of("SLUICE_ZK", "zk:1"), "").maxMembers());
    assertEquals(5, configure(Map.of("SLUICE_ZK", "zk:1"),
        "e1.sinkgroups.g1.discovery.maxMembers = 5\n").maxMembers());
  }

  @Test
  void aRoutesModeBecomesTheGroupsProcessor() {
    Route failover = new Route("g1", "agg", Route.Mode.FAILOVER, Route.Selector.ROUND_ROBIN,
        Map.of("m1", 1, "m.3", 50), HopSettings.NONE, false);
    assertEquals(Map.of("type", "failover", "priority.agg-m1", "1", "priority.agg-m_3", "50"),
        MemberSinks.processorKeys(failover));
    Route balanced = new Route("g1", "agg", Route.Mode.LOAD_BALANCE, Route.Selector.LEAST_BUSY,
        Map.of(), HopSettings.NONE, false);
    assertEquals(Map.of("type", "load_balance", "selector", "least_busy"),
        MemberSinks.processorKeys(balanced));
    // Both are valid processor configs for a running discovered group.
    var loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    assertEquals("failover",
        loader.processorSpec("e1", "g1", MemberSinks.processorKeys(failover)).factory().type());
    assertEquals("load_balance",
        loader.processorSpec("e1", "g1", MemberSinks.processorKeys(balanced)).factory().type());
  }

  @Test
  void memberSinksLoadAsAvroSinks() {
    Route route = Route.defaults("g1", "agg");
    var sinks = MemberSinks.of(new DiscoveredGroup("g1", route,
        List.of(new Member("m1", "h1", 4141, true, 100, "")), 0));
    StringBuilder text = new StringBuilder("e1.sources = s\ne1.channels = c\ne1.sinks = agg-m1\n"
        + "e1.sources.s.type = seq\ne1.sources.s.channels = c\ne1.channels.c.type = memory\n"
        + "e1.sinks.agg-m1.channel = c\ne1.sinks.agg-m1.truststore-type = JKS\n");
    sinks.get("agg-m1").keys().forEach((k, v) -> text.append("e1.sinks.agg-m1.").append(k).append(" = ")
        .append(v).append('\n'));
    // ssl = true without a truststore is Flume's "trust the JVM's CAs"; it must load either way.
    new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of())).load(FlumeProperties.parse(text.toString()), "e1");
  }

  @Test
  void sessionExpiryIsSurvivedAndLaterChangesAreFollowed() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      ZkSettings settings = zk.settings("expiry")
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
      Recorder context = new Recorder();
      ZooKeeperDiscovery discovery = new ZooKeeperDiscovery(
          new ZooKeeperDiscoveryConfig(settings, "agg", java.util.Optional.of(tmp),
              JitteredBackoff.DEFAULT_MAX_JITTER), context);
      try (CuratorFramework writer = new ZkClientFactory(settings).start();
          AggregatorMembership m1 = new AggregatorMembership(writer, settings.paths(), "agg",
              new Member("m1", "127.0.0.1", 4141, false, 100, ""))) {
        discovery.start();
        m1.register();
        await().atMost(Duration.ofSeconds(10)).until(() -> context.last().keySet()
            .equals(java.util.Set.of("agg-m1")));
        long session = discovery.client().getZookeeperClient().getZooKeeper().getSessionId();
        assertEquals(session, context.gauge("ZooKeeperSessionId"), "the session is in the metrics");
        assertEquals(1, context.gauge("ZooKeeperConnected"));
        discovery.client().getZookeeperClient().getZooKeeper().getTestable()
            .injectSessionExpiration();
        await().atMost(Duration.ofSeconds(20)).until(() ->
            discovery.client().getZookeeperClient().getZooKeeper().getSessionId() != session
            && discovery.client().getZookeeperClient().isConnected());
        await().atMost(Duration.ofSeconds(5)).until(() -> context.gauge("ZooKeeperSessionId")
            == discovery.client().getZookeeperClient().getZooKeeper().getSessionId());
        List<Map<String, MemberSink>> afterJoin = context.reports.subList(
            context.reports.indexOf(context.last()), context.reports.size());
        assertTrue(afterJoin.stream().noneMatch(Map::isEmpty),
            "an expired session never empties the group: " + context.reports);
        try (AggregatorMembership m2 = new AggregatorMembership(writer, settings.paths(), "agg",
            new Member("m2", "127.0.0.1", 4142, false, 100, ""))) {
          m2.register();
          await().atMost(Duration.ofSeconds(10)).until(() -> context.last().keySet()
              .equals(java.util.Set.of("agg-m1", "agg-m2")));
        }
      } finally {
        discovery.stop();
      }
      assertEquals(0, context.gauge("ZooKeeperSessionId"), "no session once stopped");
      assertEquals(0, context.gauge("ZooKeeperConnected"));
    }
  }

  @Test
  void requireTlsAndAllowedHostsAreKeysAndABadEntryNamesItsKey() {
    MemberTrust none = configure(Map.of("SLUICE_ZK", "zk:1"), "").trust();
    assertEquals(MemberTrust.ANY, none);
    MemberTrust trust = configure(Map.of("SLUICE_ZK", "zk:1"),
        "e1.sinkgroups.g1.discovery.requireTls = true\n"
        + "e1.sinkgroups.g1.discovery.allowedHosts = 10.1.0.0/16, .Agg.Example.com, fd00::/8,"
        + " agg9.example.net\n").trust();
    assertTrue(trust.requireTls());
    assertEquals(List.of("10.1.0.0/16", ".agg.example.com", "fd00::/8", "agg9.example.net"),
        trust.allowedHosts().stream().map(Object::toString).toList());
    for (String bad : List.of("10.1.0.0/33", "agg.example.com/8", "a$b", "10.1.0.0/x")) {
      var factory = new ZooKeeperDiscoveryFactory(Map.of("SLUICE_ZK", "zk:1"));
      String prefix = "e1.sinkgroups.g1.discovery.";
      var parsed = io.sluice.core.config.ConfigParser.parse(factory.configDef(),
          FlumeProperties.under(FlumeProperties.parse(prefix + "allowedHosts = " + bad), prefix),
          prefix);
      ConfigException e = assertThrows(ConfigException.class,
          () -> factory.configure(parsed.values()), bad);
      assertTrue(e.getMessage().contains("allowedHosts"), e.getMessage());
    }
  }

  @Test
  void theAllowListMatchesAddressesByBlockAndNamesBySuffixNeverByLookup() {
    MemberTrust trust = MemberTrust.of(false,
        List.of("10.1.0.0/16", ".agg.example.com", "fd00::/8", "agg9.example.net"));
    for (String ok : List.of("10.1.200.3", "a1.agg.example.com", "A1.AGG.example.com.",
        "[fd00::5]", "fd12:3456::1", "agg9.example.net")) {
      assertEquals(java.util.Optional.empty(), trust.refusal(member(ok, true)), ok);
    }
    for (String refused : List.of("10.2.0.1", "agg.example.com", "xagg.example.com",
        "a1.agg.example.com.evil.org", "fe80::1", "agg9.example.net.evil.org", "localhost",
        "999.1.1.1")) {
      assertTrue(trust.refusal(member(refused, true)).isPresent(), refused);
    }
  }

  private static Member member(String host, boolean tls) {
    return new Member("m1", host, 4141, tls, 100, "");
  }

  /**
   * Review Z1: a ZooKeeper writer cannot send an edge's data to an arbitrary host or to a
   * plain-text port. Hostile member nodes on a real ZooKeeper are left out, each with one WARN
   * naming its node and host, also across later membership changes.
   */
  @Test
  void hostileMemberNodesAreRefusedWithOneWarningEach() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start(); LogCapture log = LogCapture.capture()) {
      ZkSettings settings = zk.settings("trust");
      MemberTrust trust = MemberTrust.of(true, List.of("127.0.0.0/8", ".agg.example.com"));
      Recorder context = new Recorder();
      ZooKeeperDiscovery discovery = new ZooKeeperDiscovery(new ZooKeeperDiscoveryConfig(settings,
          "agg", java.util.Optional.of(tmp), Duration.ZERO, 64, trust), context);
      Map<String, String> hostile = Map.of(
          "elsewhere", "203.0.113.9", "lookalike", "a1.agg.example.com.evil.org",
          "byname", "evil.example.org", "plain", "127.0.0.2");
      List<AggregatorMembership> nodes = new java.util.ArrayList<>();
      try (CuratorFramework writer = new ZkClientFactory(settings).start()) {
        try {
          nodes.add(register(writer, settings,
              new Member("good", "127.0.0.1", 4141, true, 100, "")));
          nodes.add(register(writer, settings,
              new Member("named", "a1.agg.example.com", 4141, true, 100, "")));
          hostile.forEach((id, host) -> nodes.add(register(writer, settings,
              new Member(id, host, 4141, !id.equals("plain"), 100, ""))));
          discovery.start();
          await().atMost(Duration.ofSeconds(10)).until(() -> context.last().keySet()
              .equals(java.util.Set.of("agg-good", "agg-named")));
          assertEquals("true", context.last().get("agg-good").keys().get("ssl"));
          nodes.add(register(writer, settings,
              new Member("good2", "127.0.0.3", 4141, true, 100, "")));
          await().atMost(Duration.ofSeconds(10)).until(() -> context.last().keySet()
              .equals(java.util.Set.of("agg-good", "agg-named", "agg-good2")));
          hostile.forEach((id, host) -> {
            List<String> lines = log.linesContaining(settings.paths().member("agg", id) + " ");
            assertEquals(1, lines.size(), id + ": " + lines);
            assertTrue(lines.get(0).contains("'" + host + "'"), lines.get(0));
            assertTrue(lines.get(0).contains(id.equals("plain")
                ? "tls=false" : "not in discovery.allowedHosts"), lines.get(0));
          });
        } finally {
          discovery.stop();
          nodes.forEach(AggregatorMembership::close);
        }
      }
    }
  }

  private static AggregatorMembership register(CuratorFramework writer, ZkSettings settings,
      Member m) {
    AggregatorMembership node = new AggregatorMembership(writer, settings.paths(), "agg", m);
    node.register();
    return node;
  }

  private static ZooKeeperDiscoveryConfig configure(Map<String, String> env, String keys) {
    var factory = new ZooKeeperDiscoveryFactory(env);
    String prefix = "e1.sinkgroups.g1.discovery.";
    var parsed = io.sluice.core.config.ConfigParser.parse(factory.configDef(),
        FlumeProperties.under(FlumeProperties.parse(keys), prefix), prefix);
    assertTrue(parsed.ok(), parsed.problems().toString());
    return factory.configure(parsed.values());
  }

  /** A discovery context that records every report. */
  private static final class Recorder implements DiscoveryContext {
    final List<Map<String, MemberSink>> reports = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> processors = new CopyOnWriteArrayList<>();
    final MetricsRegistry registry = new MetricsRegistry();
    private final ComponentMetrics metrics = registry.group("DISCOVERY.g1");

    long gauge(String name) {
      return registry.value("DISCOVERY.g1", name);
    }

    Map<String, MemberSink> last() {
      return reports.isEmpty() ? Map.of() : reports.get(reports.size() - 1);
    }

    @Override
    public String groupName() {
      return "g1";
    }

    @Override
    public void membersChanged(LinkedHashMap<String, MemberSink> members) {
      reports.add(members);
    }

    @Override
    public void processorChanged(Map<String, String> processorKeys) {
      processors.add(processorKeys);
    }

    @Override
    public String agentName() {
      return "e1";
    }

    @Override
    public String componentName() {
      return "g1";
    }

    @Override
    public ThreadFactory threadFactory(String role) {
      return new NamedThreadFactory("e1-g1-" + role);
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public ComponentMetrics metrics() {
      return metrics;
    }
  }
}
