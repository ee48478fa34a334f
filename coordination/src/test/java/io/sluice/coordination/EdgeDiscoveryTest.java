package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge's whole view: route + members per sink group, cached on disk, on a real ZooKeeper. */
class EdgeDiscoveryTest {
  private static final Duration FOLLOW = Duration.ofSeconds(2);
  @TempDir Path dir;
  private TestingServer server;
  private ZkSettings settings;
  private CuratorFramework ops;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    settings = Zk.settings(server.getConnectString(), "edge");
    ops = Zk.client(settings);
  }

  @AfterEach
  void stop() throws Exception {
    ops.close();
    server.close();
  }

  private EdgeDiscovery discovery(CuratorFramework c) {
    return new EdgeDiscovery(c, settings.paths(), new TopologyCache(dir.resolve("discovery.cache")),
        Zk.THREADS, Duration.ofMillis(50), JitteredBackoff.defaults());
  }

  private AggregatorMembership register(String tier, Member m) throws Exception {
    AggregatorMembership r = new AggregatorMembership(ops, settings.paths(), tier, m);
    r.register();
    assertTrue(r.awaitRegistered(Duration.ofSeconds(5)));
    return r;
  }

  @Test
  void aGroupFollowsItsRouteAndTheMembersOfItsTier() throws Exception {
    TopologyStore store = new TopologyStore(ops, settings.paths());
    Member a1 = Zk.member("a1", 4141);
    Member b1 = Zk.member("b1", 5151);
    register("tier-a", a1);
    register("tier-b", b1);
    List<DiscoveredGroup> heard = new CopyOnWriteArrayList<>();
    try (CuratorFramework edge = Zk.client(settings); EdgeDiscovery d = discovery(edge)) {
      d.start();
      d.follow("web", Optional.of("tier-a"), heard::add);
      // No topology yet: the default route to the configured tier.
      await().atMost(FOLLOW).until(() -> !heard.isEmpty()
          && last(heard).members().equals(List.of(a1)));
      assertEquals(0, last(heard).topologyVersion());
      assertEquals(Route.defaults("web", "tier-a"), last(heard).route());

      store.push(TopologyStoreTest.doc("web", "tier-b", 250), 0);
      await().atMost(FOLLOW).until(() -> last(heard).members().equals(List.of(b1)));
      assertEquals(1, last(heard).topologyVersion());
      assertEquals(250, last(heard).route().hop().batchSize().getAsInt());

      Member b2 = Zk.member("b2", 5152);
      try (AggregatorMembership r = register("tier-b", b2)) {
        await().atMost(FOLLOW).until(() -> last(heard).members().equals(List.of(b1, b2)));
      }
      await().atMost(FOLLOW).until(() -> last(heard).members().equals(List.of(b1)));
      for (int i = 1; i < heard.size(); i++) {
        assertFalse(heard.get(i).equals(heard.get(i - 1)), "no repeated notification " + heard);
      }
    }
  }

  @Test
  void anEdgeRestartedWhileZooKeeperIsDownStartsFromTheCachedTopology() throws Exception {
    Member a1 = Zk.member("a1", 4141);
    register("aggs", a1);
    Topology pushed = new TopologyStore(ops, settings.paths())
        .push(TopologyStoreTest.doc("web", "aggs", 77), 0);
    try (CuratorFramework edge = Zk.client(settings); EdgeDiscovery d = discovery(edge)) {
      d.start();
      d.follow("web", Optional.empty(), g -> { });
      await().atMost(FOLLOW).until(() -> d.snapshot().members("aggs").equals(List.of(a1))
          && d.snapshot().topology().equals(Optional.of(pushed)));
    }
    ops.close();
    server.stop();

    List<DiscoveredGroup> heard = new CopyOnWriteArrayList<>();
    try (CuratorFramework edge = Zk.client(settings); EdgeDiscovery d = discovery(edge)) {
      d.start();
      d.follow("web", Optional.empty(), heard::add);
      await().atMost(FOLLOW).until(() -> !heard.isEmpty());
      assertFalse(edge.getZookeeperClient().isConnected(), "ZooKeeper is really down");
      DiscoveredGroup g = heard.get(0);
      assertEquals(List.of(a1), g.members());
      assertEquals(77, g.route().hop().batchSize().getAsInt());
      assertEquals(1, g.topologyVersion());

      // ZooKeeper comes back: the edge resyncs and follows new changes.
      server.restart();
      ops = Zk.client(settings);
      new TopologyStore(ops, settings.paths()).push(TopologyStoreTest.doc("web", "aggs", 88), 1);
      await().atMost(Duration.ofSeconds(15)).until(
          () -> last(heard).route().hop().batchSize().getAsInt() == 88);
    }
  }

  private static DiscoveredGroup last(List<DiscoveredGroup> l) {
    return l.get(l.size() - 1);
  }
}
