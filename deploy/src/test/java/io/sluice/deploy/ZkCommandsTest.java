package io.sluice.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.avro.AvroSink;
import io.sluice.core.avro.AvroSinkConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands and {@code agent -z}, against a real (embedded) ZooKeeper. */
class ZkCommandsTest {
  private static TestZooKeeper server;
  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @BeforeAll
  static void start() throws Exception {
    server = TestZooKeeper.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void environment(TestInfo test) {
    env.put("SLUICE_ZK", server.connectString());
    env.put("SLUICE_CLUSTER", test.getTestMethod().orElseThrow().getName());
    env.put("SLUICE_ZK_DIGEST", "ops:secret");
  }

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return SluiceMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String file(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text).toString();
  }

  private static String topology(int version, int batch) {
    return "version = " + version + "\nroutes = web\nroute.web.tier = aggs\n"
        + "route.web.batch-size = " + batch + "\n";
  }

  @Test
  void pushShowHistoryRollback() throws Exception {
    assertEquals(1, run("topology", "show"));
    assertTrue(err().contains("no topology has been pushed yet"), err());
    assertEquals(0, run("topology", "push", file("t1", topology(0, 10))), err());
    assertEquals("pushed topology version 1\n", out());
    assertEquals(0, run("topology", "push", file("t2", topology(1, 20))), err());
    assertEquals(0, run("topology", "show"));
    assertTrue(out().contains("version = 2\n") && out().contains("route.web.batch-size = 20\n"),
        out());
    // What 'show' prints can be edited and pushed back as is.
    String shown = out().replace("batch-size = 20", "batch-size = 30");
    assertEquals(0, run("topology", "push", file("t3", shown)), err());
    assertEquals(0, run("topology", "history"));
    assertEquals(3, out().lines().count(), out());
    assertTrue(out().lines().toList().get(2).startsWith("3  ") && out().contains("(current)"),
        out());
    assertEquals(0, run("topology", "rollback", "1"), err());
    assertEquals("rolled back to the content of version 1 as version 4\n", out());
    assertEquals(0, run("topology", "show"));
    assertTrue(out().contains("route.web.batch-size = 10\n"), out());
  }

  @Test
  void aStaleOrConcurrentPushGetsAVersionConflict() throws Exception {
    assertEquals(0, run("topology", "push", file("t1", topology(0, 10))));
    String a = file("a", topology(1, 11));
    String b = file("b", topology(1, 12));
    assertEquals(0, run("topology", "push", a));
    assertEquals(4, run("topology", "push", b));
    assertTrue(err().contains("edited from version 1 but the current version is 2"), err());
    assertEquals(0, run("topology", "push", b, "--expect-version", "2"), err());
  }

  @Test
  void anInvalidDocumentIsRefusedWithEveryProblem() throws Exception {
    assertEquals(3, run("topology", "push", file("bad", """
        routes = web
        route.web.mode = failovr
        route.web.batch-size = none
        """)));
    assertTrue(err().contains("route.web.tier: required"), err());
    assertTrue(err().contains("route.web.mode: must be one of"), err());
    assertTrue(err().contains("route.web.batch-size: must be a whole number"), err());
    assertEquals(1, run("topology", "show"), "nothing was written");
  }

  @Test
  void usageErrorsAndAnUnreachableZooKeeper() {
    env.remove("SLUICE_ZK");
    assertEquals(2, run("topology", "show"));
    assertTrue(err().contains("give --zk HOSTS (or set SLUICE_ZK)"), err());
    env.put("SLUICE_ZK", server.connectString());
    assertEquals(2, run("topology", "frob"));
    assertEquals(2, run("topology", "push"));
    assertTrue(err().contains("FILE is missing"), err());
    assertEquals(2, run("members", "--bogus"));
    assertTrue(err().contains("unknown option '--bogus'"), err());
    assertEquals(0, run("topology", "--help"));
    assertTrue(out().contains("--expect-version"), out());

    env.put("SLUICE_ZK_CONNECT_WAIT", "1");
    assertEquals(5, run("members", "--zk", "127.0.0.1:1"));
    assertTrue(err().contains("no ZooKeeper server answered at '127.0.0.1:1'"), err());
  }

  @Test
  void membersListsTheLiveAggregators() throws Exception {
    ZkSettings s = ZkSettings.of(server.connectString(), env.get("SLUICE_CLUSTER"))
        .withEnvironment(env);
    try (CuratorFramework c = new ZkClientFactory(s).start();
        AggregatorMembership r = new AggregatorMembership(c, s.paths(), "aggs",
            new Member("agg-1", "10.1.1.1", 4141, true, 50, "0.1.0"))) {
      r.register();
      assertTrue(r.awaitRegistered(Duration.ofSeconds(5)));
      assertEquals(0, run("members", "--tier", "aggs"), err());
      assertEquals("aggs: 1 member(s)\n  agg-1  10.1.1.1:4141  tls=true  weight=50  version=0.1.0\n",
          out());
      assertEquals(0, run("members"));
      assertTrue(out().startsWith("aggs: 1 member(s)"), out());
      assertEquals(0, run("members", "--tier", "none"));
      assertEquals("none: 0 member(s)\n", out());
    }
  }

  @Test
  void whatTopologyShowPrintsIsWhatTheDiscoveredMemberSinksRunWith() throws Exception {
    // Flume's default value, set explicitly; the edge's own template asks for 2 s.
    assertEquals(0, run("topology", "push", file("t", "routes = g1\nroute.g1.tier = aggs\n"
        + "route.g1.request-timeout = 20000\n")), err());
    assertEquals(0, run("topology", "show"), err());
    String shown = out();
    assertTrue(shown.contains("route.g1.request-timeout = 20000\n"), shown);
    assertTrue(shown.contains("sinkgroups.g1.sink.* key applies, else the Avro sink's default:"
        + " batch-size, connect-timeout,"), shown);
    ZkSettings s = ZkSettings.of(server.connectString(), env.get("SLUICE_CLUSTER"))
        .withEnvironment(env);
    String edge = """
        e1.sources = none
        e1.sources.none.type = seq
        e1.sources.none.totalEvents = 0
        e1.sources.none.channels = c1
        e1.channels = c1
        e1.channels.c1.type = memory
        e1.sinkgroups = g1
        e1.sinkgroups.g1.sink.request-timeout = 2000
        e1.sinkgroups.g1.sink.connect-timeout = 1500
        e1.sinkgroups.g1.channel = c1
        e1.sinkgroups.g1.discovery = zookeeper
        e1.sinkgroups.g1.discovery.resyncJitter = 0
        e1.sinkgroups.g1.discovery.cacheDir = %s
        e1.sinkgroups.g1.discovery.connect = %s
        e1.sinkgroups.g1.discovery.cluster = %s
        """.formatted(tmp.resolve("cache").toString().replace('\\', '/'),
        server.connectString(), env.get("SLUICE_CLUSTER"));
    var loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    try (CuratorFramework c = new ZkClientFactory(s).start();
        AggregatorMembership r = new AggregatorMembership(c, s.paths(), "aggs",
            new Member("agg-1", "127.0.0.1", 9, false, 100, "0.1.0"));
        Agent a = new Agent(loader.load(FlumeProperties.parse(edge), "e1"),
            AgentOptions.defaults())) {
      r.register();
      a.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.sink("aggs-agg-1") != null);
      AvroSinkConfig runs = ((AvroSink) a.sink("aggs-agg-1")).config();
      assertEquals(Duration.ofSeconds(20), runs.requestTimeout(), "what 'topology show' printed");
      assertEquals(Duration.ofMillis(1500), runs.connectTimeout(), "unset in the route: the edge's");
    }
  }

  @Test
  void configPushFeedsAnAgentStartedWithZAndItReloadsOnChange() throws Exception {
    String conf = """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        """;
    assertEquals(0, run("config", "push", "a1", file("a1.properties", conf)), err());
    String base = "/sluice/" + env.get("SLUICE_CLUSTER") + "/agents";
    assertTrue(out().contains("-p " + base), out());
    AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "a1", "-z",
        server.connectString(), "-p", base, "--zk-resync-jitter", "250"));
    try (ZkAgent agent = ZkAgent.open(cl, AgentOptions.defaults(), env)) {
      assertEquals(Duration.ofMillis(250), agent.source().resyncJitter());
      agent.start(true);
      assertNotNull(agent.application().agent().sink("k1"));
      assertEquals(0, run("config", "push", "a1", file("a1b", conf.replace("k1", "k2"))), err());
      await().atMost(Duration.ofSeconds(5))
          .until(() -> agent.application().agent().sink("k2") != null);
      assertNull(agent.application().agent().sink("k1"));
    }
    assertEquals(1, run("config", "push", "a2", file("a2", conf)));
    assertTrue(err().contains("defines nothing for agent 'a2'"), err());
  }
}
