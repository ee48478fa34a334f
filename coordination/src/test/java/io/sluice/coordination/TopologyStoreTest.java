package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.rpc.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Pushing, showing, history and rollback of the topology, and its watcher, on a real ZooKeeper. */
class TopologyStoreTest {
  private static TestingServer server;
  private ZkSettings settings;
  private CuratorFramework c1;
  private CuratorFramework c2;

  @BeforeAll
  static void startServer() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void clients(TestInfo test) {
    settings = Zk.settings(server.getConnectString(), test.getTestMethod().orElseThrow().getName());
    c1 = Zk.client(settings);
    c2 = Zk.client(settings);
  }

  @AfterEach
  void close() {
    c1.close();
    c2.close();
  }

  static Topology doc(String group, String tier, int batch) {
    return TopologyCodec.parse("routes = " + group + "\nroute." + group + ".tier = " + tier
        + "\nroute." + group + ".batch-size = " + batch + "\n");
  }

  @Test
  void pushShowHistoryAndRollback() throws Exception {
    TopologyStore store = new TopologyStore(c1, settings.paths());
    assertEquals(Optional.empty(), store.show());
    assertEquals(0, store.currentVersion());
    assertEquals(List.of(), store.history());

    assertEquals(1, store.push(doc("web", "aggs", 10), 0).version());
    assertEquals(2, store.push(doc("web", "aggs", 20), 1).version());
    assertEquals(3, store.push(doc("web", "other", 30), 2).version());
    Topology shown = store.show().orElseThrow();
    assertEquals(3, shown.version());
    assertEquals("other", shown.route("web").orElseThrow().tier());
    assertEquals(List.of(1L, 2L, 3L), store.history().stream().map(TopologyVersion::version)
        .toList());
    assertEquals(20, store.version(2).orElseThrow().route("web").orElseThrow()
        .hop().batchSize().getAsInt());

    Topology rolled = store.rollback(1);
    assertEquals(4, rolled.version());
    assertEquals(10, store.show().orElseThrow().route("web").orElseThrow()
        .hop().batchSize().getAsInt());
    assertEquals(4, store.history().size(), "history only grows");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.rollback(9));
    assertTrue(e.getMessage().contains("topology version 9 is not in the history"), e.getMessage());
  }

  @Test
  void stalePushGetsAVersionConflictNamingBothVersions() throws Exception {
    TopologyStore store = new TopologyStore(c1, settings.paths());
    store.push(doc("web", "aggs", 10), 0);
    store.push(doc("web", "aggs", 20), 1);
    VersionConflictException e = assertThrows(VersionConflictException.class,
        () -> store.push(doc("web", "aggs", 30), 1));
    assertEquals(1, e.expected());
    assertEquals(2, e.actual());
    assertTrue(e.getMessage().contains("edited from version 1 but the current version is 2"),
        e.getMessage());
    assertThrows(VersionConflictException.class, () -> store.push(doc("web", "aggs", 1), 0),
        "a first push when one exists is a conflict too");
    assertEquals(20, store.show().orElseThrow().route("web").orElseThrow()
        .hop().batchSize().getAsInt());
    assertEquals(2, store.history().size());
  }

  @Test
  void concurrentPushesFromTwoClientsOneWinsTheOtherConflicts() throws Exception {
    new TopologyStore(c1, settings.paths()).push(doc("web", "aggs", 1), 0);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2, Zk.THREADS);
    try {
      List<Future<Topology>> results = new ArrayList<>();
      int batch = 100;
      for (CuratorFramework c : List.of(c1, c2)) {
        int b = batch++;
        Callable<Topology> push = () -> {
          go.await();
          return new TopologyStore(c, settings.paths()).push(doc("web", "aggs", b), 1);
        };
        results.add(pool.submit(push));
      }
      go.countDown();
      int won = 0;
      List<Throwable> conflicts = new ArrayList<>();
      for (Future<Topology> f : results) {
        try {
          assertEquals(2, f.get().version());
          won++;
        } catch (java.util.concurrent.ExecutionException e) {
          conflicts.add(e.getCause());
        }
      }
      assertEquals(1, won);
      assertEquals(1, conflicts.size());
      VersionConflictException conflict = (VersionConflictException) conflicts.get(0);
      assertEquals(1, conflict.expected());
      assertEquals(2, conflict.actual());
      assertEquals(2, new TopologyStore(c1, settings.paths()).history().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void watcherFollowsPushesAndKeepsTheLastValidDocument() throws Exception {
    TopologyStore store = new TopologyStore(c1, settings.paths());
    List<Topology> heard = new CopyOnWriteArrayList<>();
    try (TopologyWatcher w = new TopologyWatcher(c2, settings.paths(), Duration.ofMillis(20),
        JitteredBackoff.defaults(), Zk.THREADS, Optional.empty())) {
      w.addListener(heard::add);
      w.start();
      await().atMost(Duration.ofSeconds(2)).until(w::synced);
      assertEquals(Optional.empty(), w.current());
      store.push(doc("web", "aggs", 10), 0);
      await().atMost(Duration.ofSeconds(2)).until(() -> w.current().map(Topology::version)
          .equals(Optional.of(1L)));
      // Someone bypasses the command and writes garbage: the last valid document stays.
      c1.setData().forPath(settings.paths().topology(), "routes = \n".getBytes());
      store.push(doc("web", "aggs", 30), 2);
      await().atMost(Duration.ofSeconds(2)).until(() -> w.current().map(Topology::version)
          .equals(Optional.of(3L)));
      assertEquals(30, w.current().orElseThrow().route("web").orElseThrow()
          .hop().batchSize().getAsInt());
      assertEquals(List.of(1L, 3L), heard.stream().map(Topology::version).toList());
    }
  }

  /**
   * Review §3: a {@code \\u} escape without four hex digits, written past the command, is one
   * error naming the node and the line; the edge keeps its last good topology and goes on following.
   */
  @Test
  void aBadUnicodeEscapeIsOneErrorNamingNodeAndLineAndTheLastTopologyStays() throws Exception {
    TopologyStore store = new TopologyStore(c1, settings.paths());
    store.push(doc("web", "aggs", 10), 0);
    try (LogCapture log = LogCapture.capture(Level.ERROR);
        TopologyWatcher w = new TopologyWatcher(c2, settings.paths(), Duration.ofMillis(20),
            JitteredBackoff.defaults(), Zk.THREADS, Optional.empty())) {
      w.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> w.current().map(Topology::version)
          .equals(Optional.of(1L)));
      long reads = w.reads();
      String path = settings.paths().topology();
      c1.setData().forPath(path, "routes = web\nroute.web.tier = aggs\nroute.web.mode = \\uZZZZ\n"
          .getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(5)).until(() -> w.reads() > reads);
      assertEquals(Optional.of(1L), w.current().map(Topology::version));
      List<String> lines = log.linesContaining(path);
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("line 3: malformed \\uXXXX escape"), lines.get(0));
      store.push(doc("web", "aggs", 30), 2); // still followed
      await().atMost(Duration.ofSeconds(5)).until(() -> w.current().map(Topology::version)
          .equals(Optional.of(3L)));
      assertEquals(1, log.linesContaining(path).size(), log.everything());
    }
  }
}
