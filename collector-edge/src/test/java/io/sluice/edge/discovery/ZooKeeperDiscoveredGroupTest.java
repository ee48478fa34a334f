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
import io.sluice.testsupport.AgentTexts;
import io.sluice.testsupport.InProcessAggregator;
import io.sluice.testsupport.Landed;
import io.sluice.testsupport.Pacer;
import io.sluice.testsupport.TestAgents;
import io.sluice.testsupport.TestZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
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

  private static TestZooKeeper zk;

  @TempDir Path tmp;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = TestZooKeeper.start();
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    zk.close();
  }

  @Test
  void groupFollowsAggregatorsJoiningAndLeavingUnderLoad() throws Exception {
    ZkSettings settings = zk.settings("joinleave");
    int total = 60_000;
    try (InProcessAggregator a1 = InProcessAggregator.registered("a1", tmp, settings, "aggregators");
        Agent edge = edge(settings, "aggregators");
        Pacer pacer = Pacer.every10ms(() -> edge.channel("c1"), total)) {
      await().atMost(DEADLINE).until(() -> a1.landedCount() > 0);
      InProcessAggregator a2 = InProcessAggregator.registered("a2", tmp, settings, "aggregators");
      try {
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
        await().atMost(DEADLINE).until(() -> a2.landedCount() > 0);
        assertTrue(pacer.putSoFar() < total, "the join happened under load");
      } finally {
        a2.close(); // leaves the tier, then stops after draining
      }
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
      assertNull(edge.sink("aggregators-a2"), "the member that left is removed");
      assertTrue(pacer.putSoFar() < total, "the leave happened under load");
      await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
          && edge.channel("c1").size() == 0 && a1.landedCount() + a2.landedCount() >= total);
      Landed.Tally t = Landed.tally(total, Landed.lines(a1.dir(), a2.dir()));
      assertEquals(0, t.missing(), "missing events");
      assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
    }
  }

  @Test
  void topologyPushSwitchesTheGroupToAnotherTierUnderLoad() throws Exception {
    ZkSettings settings = zk.settings("push");
    int total = 40_000;
    try (InProcessAggregator a = InProcessAggregator.registered("a1", tmp, settings, "tierA");
        InProcessAggregator b = InProcessAggregator.registered("b1", tmp, settings, "tierB");
        Agent edge = edge(settings, "tierA");
        Pacer pacer = Pacer.every10ms(() -> edge.channel("c1"), total);
        CuratorFramework admin = new ZkClientFactory(settings).start()) {
      await().atMost(DEADLINE).until(() -> a.landedCount() > 0);
      Route toB = new Route("g1", "tierB", Route.Mode.LOAD_BALANCE, Route.Selector.ROUND_ROBIN,
          Map.of(), HopSettings.NONE.withBatchSize(200), false);
      new TopologyStore(admin, settings.paths()).push(new Topology(0, Map.of("g1", toB)), 0);
      await().atMost(FOLLOW).until(() -> edge.sink("tierB-b1") != null
          && edge.sink("tierA-a1") == null);
      assertTrue(pacer.putSoFar() < total, "the switch happened under load");
      int aFinal = a.landedCount();
      await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
          && edge.channel("c1").size() == 0 && a.landedCount() + b.landedCount() >= total);
      assertEquals(aFinal, a.landedCount(), "tier A gets nothing after the switch");
      Landed.Tally t = Landed.tally(total, Landed.lines(a.dir(), b.dir()));
      assertEquals(0, t.missing(), "missing events");
      assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
    }
  }

  @Test
  void topologyPushSwitchesTheGroupBetweenFailoverAndLoadBalancing() throws Exception {
    ZkSettings settings = zk.settings("mode");
    try (InProcessAggregator a = InProcessAggregator.registered("a1", tmp, settings, "aggs");
        InProcessAggregator b = InProcessAggregator.registered("b1", tmp, settings, "aggs");
        Agent edge = edge(settings, "aggs");
        CuratorFramework admin = new ZkClientFactory(settings).start()) {
      await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 2);
      Route failover = new Route("g1", "aggs", Route.Mode.FAILOVER, Route.Selector.ROUND_ROBIN,
          Map.of("b1", 10, "a1", 5), HopSettings.NONE, false);
      TopologyStore store = new TopologyStore(admin, settings.paths());
      store.push(new Topology(0, Map.of("g1", failover)), 0);
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1); // failover: one runner
      int aBefore = a.landedCount();
      Landed.put(edge.channel("c1"), 0, 2_000);
      await().atMost(DEADLINE).until(() -> b.landedCount() >= 2_000);
      assertEquals(aBefore, a.landedCount(), "failover sends everything to the preferred member");

      Route balanced = new Route("g1", "aggs", Route.Mode.LOAD_BALANCE,
          Route.Selector.ROUND_ROBIN, Map.of(), HopSettings.NONE, false);
      store.push(new Topology(0, Map.of("g1", balanced)), 1);
      await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
      Landed.put(edge.channel("c1"), 2_000, 6_000);
      await().atMost(DEADLINE).until(() -> a.landedCount() + b.landedCount() >= 6_000 + aBefore);
      assertTrue(a.landedCount() > aBefore, "load balancing uses both members again");
      Landed.Tally t = Landed.tally(6_000, Landed.lines(a.dir(), b.dir()));
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
      try (InProcessAggregator a1 = InProcessAggregator.registered("a1", tmp, settings, "aggregators");
          InProcessAggregator a2 = InProcessAggregator.registered("a2", tmp, settings, "aggregators");
          Agent edge = edge(settings, "aggregators");
          Pacer pacer = Pacer.every10ms(() -> edge.channel("c1"), total)) {
        await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 2 && a1.landedCount() > 0
            && a2.landedCount() > 0);
        assertTrue(cluster.killServer(servers.get(0)), "one server down, quorum kept");
        int landedBefore = a1.landedCount() + a2.landedCount();
        await().atMost(DEADLINE).until(() -> a1.landedCount() + a2.landedCount() > landedBefore + 2_000);
        assertTrue(cluster.killServer(servers.get(1)), "two down: no quorum");
        int landedWithoutQuorum = a1.landedCount() + a2.landedCount();
        await().atMost(DEADLINE).until(() -> a1.landedCount() + a2.landedCount()
            > landedWithoutQuorum + 2_000);
        assertEquals(2, edge.runnerCount("g1"), "the last membership stays in force");
        assertTrue(pacer.putSoFar() < total, "the outage happened under load");
        assertTrue(cluster.restartServer(servers.get(0)), "quorum is back");
        assertTrue(cluster.restartServer(servers.get(1)));
        await().atMost(DEADLINE).until(() -> pacer.putSoFar() == total
            && edge.channel("c1").size() == 0 && a1.landedCount() + a2.landedCount() >= total);
        Landed.Tally t = Landed.tally(total, Landed.lines(a1.dir(), a2.dir()));
        assertEquals(0, t.missing(), "missing events");
        assertTrue(t.duplicates() <= MAX_DUPLICATES, "duplicates " + t.duplicates());
      }
    }
  }

  @Test
  void edgeRestartedWhileZooKeeperIsDownSendsToTheCachedMembers() throws Exception {
    try (TestZooKeeper own = TestZooKeeper.start()) {
      ZkSettings settings = own.settings("outage");
      try (InProcessAggregator a = InProcessAggregator.registered("a1", tmp, settings, "aggregators")) {
        try (Agent edge = edge(settings, "aggregators")) {
          await().atMost(DEADLINE).until(() -> edge.runnerCount("g1") == 1);
          Landed.put(edge.channel("c1"), 0, 1_000);
          await().atMost(DEADLINE).until(() -> a.landedCount() == 1_000);
        }
        own.stop();
        try (Agent edge = edge(settings, "aggregators")) {
          await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
          assertNotNull(edge.sink("aggregators-a1"));
          Landed.put(edge.channel("c1"), 1_000, 2_000);
          await().atMost(DEADLINE).until(() -> a.landedCount() >= 2_000);
        }
        Landed.Tally t = Landed.tally(2_000, Landed.lines(a.dir()));
        assertEquals(0, t.missing(), t.toString());
        assertEquals(0, t.duplicates(), t.toString());
      }
    }
  }

  /** An edge whose (idle) source nobody sends to: the test puts into c1; g1 is discovered. */
  private Agent edge(ZkSettings zk, String tier) {
    return TestAgents.start(AgentTexts.discoveredEdge(zk, tier, tmp.resolve("edge-cache"), """
        sink.connect-timeout = 2000
        sink.request-timeout = 5000
        """), "e1", Duration.ofSeconds(20));
  }
}
