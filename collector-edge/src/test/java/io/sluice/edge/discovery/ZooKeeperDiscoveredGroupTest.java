package io.sluice.edge.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.HopSettings;
import io.sluice.coordination.Route;
import io.sluice.coordination.Topology;
import io.sluice.coordination.TopologyStore;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge agent whose sink group is discovered from a real (in-process) ZooKeeper, sending to
 * in-process aggregators that announce themselves there, under load.
 */
class ZooKeeperDiscoveredGroupTest {
  private static final Duration FOLLOW = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** Batches that may be in flight when a member goes, each possibly resent once. */
  private static final int MAX_DUPLICATES = 10 * 100;

  private static TestingServer zk;

  @TempDir Path tmp;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    zk.close();
  }

  @Test
  void groupFollowsAggregatorsJoiningAndLeavingUnderLoad() throws Exception {
    ZkSettings settings = ZkSettings.of(zk.getConnectString(), "joinleave");
    int total = 60_000;
    try (TestAggregator a1 = new TestAggregator("a1", "aggregators", settings, tmp);
        Agent edge = edge(settings, "aggregators");
        Pacer pacer = new Pacer(edge, total)) {
      await().atMost(DEADLINE).until(() -> a1.landed() > 0);
      TestAggregator a2 = new TestAggregator("a2", "aggregators", settings, tmp);
      try {
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
        await().atMost(DEADLINE).until(() -> a2.landed() > 0);
        assertTrue(pacer.putSoFar() < total, "the join happened under load");
      } finally {
        a2.close(); // leaves the tier, then stops after draining
      }
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
      assertNull(edge.sink("aggregators-a2"), "the member that left is removed");
      assertTrue(pacer.putSoFar() < total, "the leave happened under load");
      await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
          && edge.channel("c1").size() == 0 && a1.landed() + a2.landed() >= total);
      Landed.Tally t = Landed.tally(total, Landed.lines(a1.dir, a2.dir));
      assertEquals(0, t.missing(), "missing events");
      assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
    }
  }

  @Test
  void topologyPushSwitchesTheGroupToAnotherTierUnderLoad() throws Exception {
    ZkSettings settings = ZkSettings.of(zk.getConnectString(), "push");
    int total = 40_000;
    try (TestAggregator a = new TestAggregator("a1", "tierA", settings, tmp);
        TestAggregator b = new TestAggregator("b1", "tierB", settings, tmp);
        Agent edge = edge(settings, "tierA");
        Pacer pacer = new Pacer(edge, total);
        CuratorFramework admin = new ZkClientFactory(settings).start()) {
      await().atMost(DEADLINE).until(() -> a.landed() > 0);
      Route toB = new Route("g1", "tierB", Route.Mode.LOAD_BALANCE, Route.Selector.ROUND_ROBIN,
          Map.of(), HopSettings.NONE.withBatchSize(200), false);
      new TopologyStore(admin, settings.paths()).push(new Topology(0, Map.of("g1", toB)), 0);
      await().atMost(FOLLOW).until(() -> edge.sink("tierB-b1") != null
          && edge.sink("tierA-a1") == null);
      assertTrue(pacer.putSoFar() < total, "the switch happened under load");
      int aFinal = a.landed();
      await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
          && edge.channel("c1").size() == 0 && a.landed() + b.landed() >= total);
      assertEquals(aFinal, a.landed(), "tier A gets nothing after the switch");
      Landed.Tally t = Landed.tally(total, Landed.lines(a.dir, b.dir));
      assertEquals(0, t.missing(), "missing events");
      assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
    }
  }

  @Test
  void topologyPushSwitchesTheGroupBetweenFailoverAndLoadBalancing() throws Exception {
    ZkSettings settings = ZkSettings.of(zk.getConnectString(), "mode");
    try (TestAggregator a = new TestAggregator("a1", "aggs", settings, tmp);
        TestAggregator b = new TestAggregator("b1", "aggs", settings, tmp);
        Agent edge = edge(settings, "aggs");
        CuratorFramework admin = new ZkClientFactory(settings).start()) {
      await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 2);
      Route failover = new Route("g1", "aggs", Route.Mode.FAILOVER, Route.Selector.ROUND_ROBIN,
          Map.of("b1", 10, "a1", 5), HopSettings.NONE, false);
      TopologyStore store = new TopologyStore(admin, settings.paths());
      store.push(new Topology(0, Map.of("g1", failover)), 0);
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1); // failover: one runner
      int aBefore = a.landed();
      Landed.put(edge.channel("c1"), 0, 2_000);
      await().atMost(DEADLINE).until(() -> b.landed() >= 2_000);
      assertEquals(aBefore, a.landed(), "failover sends everything to the preferred member");

      Route balanced = new Route("g1", "aggs", Route.Mode.LOAD_BALANCE,
          Route.Selector.ROUND_ROBIN, Map.of(), HopSettings.NONE, false);
      store.push(new Topology(0, Map.of("g1", balanced)), 1);
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
      Landed.put(edge.channel("c1"), 2_000, 6_000);
      await().atMost(DEADLINE).until(() -> a.landed() + b.landed() >= 6_000 + aBefore);
      assertTrue(a.landed() > aBefore, "load balancing uses both members again");
      Landed.Tally t = Landed.tally(6_000, Landed.lines(a.dir, b.dir));
      assertEquals(0, t.missing(), "missing events");
    }
  }

  @Test
  void agentsKeepFlowingWhileTheEnsembleLosesOneServerThenItsQuorum() throws Exception {
    try (TestingCluster cluster = new TestingCluster(3)) {
      cluster.start();
      ZkSettings settings = ZkSettings.of(cluster.getConnectString(), "quorum");
      int total = 30_000;
      List<InstanceSpec> servers = new ArrayList<>(cluster.getInstances());
      try (TestAggregator a1 = new TestAggregator("a1", "aggregators", settings, tmp);
          TestAggregator a2 = new TestAggregator("a2", "aggregators", settings, tmp);
          Agent edge = edge(settings, "aggregators");
          Pacer pacer = new Pacer(edge, total)) {
        await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 2 && a1.landed() > 0
            && a2.landed() > 0);
        assertTrue(cluster.killServer(servers.get(0)), "one server down, quorum kept");
        int landedBefore = a1.landed() + a2.landed();
        await().atMost(DEADLINE).until(() -> a1.landed() + a2.landed() > landedBefore + 2_000);
        assertTrue(cluster.killServer(servers.get(1)), "two down: no quorum");
        int landedWithoutQuorum = a1.landed() + a2.landed();
        await().atMost(DEADLINE).until(() -> a1.landed() + a2.landed()
            > landedWithoutQuorum + 2_000);
        assertEquals(2, edge.runnerCount("g1"), "the last membership stays in force");
        assertTrue(pacer.putSoFar() < total, "the outage happened under load");
        assertTrue(cluster.restartServer(servers.get(0)), "quorum is back");
        assertTrue(cluster.restartServer(servers.get(1)));
        await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
            && edge.channel("c1").size() == 0 && a1.landed() + a2.landed() >= total);
        Landed.Tally t = Landed.tally(total, Landed.lines(a1.dir, a2.dir));
        assertEquals(0, t.missing(), "missing events");
        assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
      }
    }
  }

  @Test
  void edgeRestartedWhileZooKeeperIsDownSendsToTheCachedMembers() throws Exception {
    try (TestingServer own = new TestingServer(true)) {
      ZkSettings settings = ZkSettings.of(own.getConnectString(), "outage");
      try (TestAggregator a = new TestAggregator("a1", "aggregators", settings, tmp)) {
        try (Agent edge = edge(settings, "aggregators")) {
          await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 1);
          Landed.put(edge.channel("c1"), 0, 1_000);
          await().atMost(DEADLINE).until(() -> a.landed() == 1_000);
        }
        own.stop();
        try (Agent edge = edge(settings, "aggregators")) {
          await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
          assertNotNull(edge.sink("aggregators-a1"));
          Landed.put(edge.channel("c1"), 1_000, 2_000);
          await().atMost(DEADLINE).until(() -> a.landed() >= 2_000);
        }
        Landed.Tally t = Landed.tally(2_000, Landed.lines(a.dir));
        assertEquals(new Landed.Tally(0, 0), t);
      }
    }
  }

  /** An edge whose (idle) source nobody sends to: the test puts into c1; g1 is discovered. */
  private Agent edge(ZkSettings zk, String tier) {
    String text = """
        e1.sources = idle
        e1.sources.idle.type = avro
        e1.sources.idle.bind = 127.0.0.1
        e1.sources.idle.port = 0
        e1.sources.idle.channels = c1
        e1.channels = c1
        e1.channels.c1.type = memory
        e1.channels.c1.capacity = 200000
        e1.channels.c1.transactionCapacity = 1000
        e1.channels.c1.keep-alive = 0.2
        e1.sinkgroups = g1
        e1.sinkgroups.g1.channel = c1
        e1.sinkgroups.g1.discovery = zookeeper
        e1.sinkgroups.g1.discovery.connect = %s
        e1.sinkgroups.g1.discovery.cluster = %s
        e1.sinkgroups.g1.discovery.tier = %s
        e1.sinkgroups.g1.discovery.cacheDir = %s
        e1.sinkgroups.g1.processor.type = load_balance
        e1.sinkgroups.g1.sink.batch-size = 100
        e1.sinkgroups.g1.sink.connect-timeout = 2000
        e1.sinkgroups.g1.sink.request-timeout = 5000
        """.formatted(zk.connectString(), zk.cluster(), tier,
        tmp.resolve("edge-cache").toString().replace('\\', '/'));
    var loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    Agent a = new Agent(loader.load(FlumeProperties.parse(text), "e1"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(20)));
    a.start();
    return a;
  }

  /** Puts events 0..total-1 into the edge's channel, 100 every 10 ms, from its own thread. */
  private static final class Pacer implements AutoCloseable {
    private final ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("pacer"));
    private final AtomicInteger put = new AtomicInteger();

    Pacer(Agent edge, int total) {
      thread.scheduleAtFixedRate(() -> {
        int from = put.get();
        if (from < total) {
          Landed.put(edge.channel("c1"), from, Math.min(total, from + 100));
          put.set(Math.min(total, from + 100));
        }
      }, 0, 10, TimeUnit.MILLISECONDS);
    }

    int putSoFar() {
      return put.get();
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }
}
