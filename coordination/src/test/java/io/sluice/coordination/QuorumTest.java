package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-server ensemble loses one server (quorum kept), then a second (quorum lost): the edge keeps
 * its topology and members throughout and resyncs when quorum returns.
 */
class QuorumTest {
  private static final Duration FOLLOW = Duration.ofSeconds(2);
  @TempDir Path dir;

  @Test
  void edgeKeepsItsViewThroughQuorumLossAndResyncsAfter() throws Exception {
    try (TestingCluster cluster = new TestingCluster(3)) {
      cluster.start();
      ZkSettings settings = Zk.settings(cluster.getConnectString(), "quorum")
          .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(3));
      Member a1 = Zk.member("a1", 4141);
      Member a2 = Zk.member("a2", 4142);
      Member a3 = Zk.member("a3", 4143);
      List<DiscoveredGroup> heard = new CopyOnWriteArrayList<>();
      List<ConnectionState> edgeStates = new CopyOnWriteArrayList<>();
      try (CuratorFramework agg = Zk.client(settings); CuratorFramework edge = Zk.client(settings);
          AggregatorMembership r1 = new AggregatorMembership(agg, settings.paths(), "aggs", a1);
          EdgeDiscovery d = new EdgeDiscovery(edge, settings.paths(),
              new TopologyCache(dir.resolve("cache")), Zk.THREADS, Duration.ofMillis(50),
              JitteredBackoff.defaults())) {
        edge.getConnectionStateListenable().addListener((c, s) -> edgeStates.add(s));
        new TopologyStore(agg, settings.paths()).push(TopologyStoreTest.doc("web", "aggs", 9), 0);
        r1.register();
        d.start();
        d.follow("web", Optional.empty(), heard::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty()
            && last(heard).members().equals(List.of(a1)));

        List<InstanceSpec> servers = List.copyOf(cluster.getInstances());
        assertTrue(cluster.killServer(servers.get(0)));
        try (AggregatorMembership r2 = new AggregatorMembership(agg, settings.paths(), "aggs", a2)) {
          r2.register();
          assertTrue(r2.awaitRegistered(Duration.ofSeconds(15)), "quorum kept: writes work");
          await().atMost(Duration.ofSeconds(15)).until(
              () -> last(heard).members().equals(List.of(a1, a2)));

          assertTrue(cluster.killServer(servers.get(1)));
          await().atMost(Duration.ofSeconds(15)).until(
              () -> edgeStates.contains(ConnectionState.SUSPENDED));
          int heardBefore = heard.size();
          // Without quorum the edge still has the last topology and membership.
          assertEquals(List.of(a1, a2), d.current("web", Optional.empty()).orElseThrow()
              .members());
          assertEquals(9, d.snapshot().topology().orElseThrow().route("web").orElseThrow()
              .hop().batchSize().getAsInt());
          assertEquals(heardBefore, heard.size(), "no change announced during the outage");
        }
        // r2 was closed while quorum was lost (its node goes with the session or on reconnect).
        assertTrue(cluster.restartServer(servers.get(0)));
        assertTrue(cluster.restartServer(servers.get(1)));
        try (AggregatorMembership r3 = new AggregatorMembership(agg, settings.paths(), "aggs", a3)) {
          r3.register();
          await().atMost(Duration.ofSeconds(30)).until(
              () -> last(heard).members().contains(a3) && last(heard).members().contains(a1));
        }
        new TopologyStore(agg, settings.paths()).push(TopologyStoreTest.doc("web", "aggs", 10), 1);
        await().atMost(Duration.ofSeconds(10)).until(
            () -> last(heard).route().hop().batchSize().getAsInt() == 10);
        assertTrue(edgeStates.contains(ConnectionState.RECONNECTED), edgeStates.toString());
      }
    }
  }

  private static DiscoveredGroup last(List<DiscoveredGroup> l) {
    return l.get(l.size() - 1);
  }
}
