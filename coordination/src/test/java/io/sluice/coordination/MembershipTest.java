package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Aggregators registering and edges following them, against one real (embedded) ZooKeeper. */
class MembershipTest {
  private static final Duration FOLLOW = Duration.ofSeconds(2);
  private static TestingServer server;

  private ZkSettings settings;
  private CuratorFramework aggClient;
  private CuratorFramework edgeClient;
  private MembershipWatcher watcher;
  private final List<List<Member>> heard = new CopyOnWriteArrayList<>();

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
    // A cluster per test keeps tests apart on the shared server.
    settings = Zk.settings(server.getConnectString(), test.getTestMethod().orElseThrow().getName());
    aggClient = Zk.client(settings);
    edgeClient = Zk.client(settings);
    watcher = new MembershipWatcher(edgeClient, settings.paths(), "aggregators",
        Duration.ofMillis(50), JitteredBackoff.defaults(), Zk.THREADS, List.of());
    watcher.addListener(heard::add);
    watcher.start();
  }

  @AfterEach
  void close() {
    watcher.close();
    aggClient.close();
    edgeClient.close();
  }

  private AggregatorMembership register(CuratorFramework c, Member m) throws Exception {
    AggregatorMembership reg = new AggregatorMembership(c, settings.paths(), "aggregators", m);
    reg.register();
    assertTrue(reg.awaitRegistered(Duration.ofSeconds(5)), "registered " + m);
    return reg;
  }

  @Test
  void aggregatorsJoiningAndLeavingAreFollowedWithinTwoSeconds() throws Exception {
    Member a = Zk.member("agg-a", 4141);
    Member b = Zk.member("agg-b", 4142);
    await().atMost(FOLLOW).until(watcher::synced);
    try (AggregatorMembership ra = register(aggClient, a)) {
      AggregatorMembership rb = register(aggClient, b);
      await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(a, b)));
      rb.close();
      assertNull(aggClient.checkExists().forPath(settings.paths().member("aggregators", "agg-b")),
          "close() deletes the node before returning");
      await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(a)));
      await().atMost(FOLLOW).until(() -> !heard.isEmpty() && heard.get(heard.size() - 1)
          .equals(List.of(a)));
    }
    await().atMost(FOLLOW).until(() -> watcher.current().isEmpty());
    for (int i = 1; i < heard.size(); i++) {
      assertNotEquals(heard.get(i - 1), heard.get(i), "no duplicate notification: " + heard);
    }
  }

  @Test
  void memberNodeCarriesTheJsonAndTheWriterAcl() throws Exception {
    Member a = new Member("agg-1", "agg1.example", 4545, true, 7, "1.2.3");
    try (AggregatorMembership r = register(aggClient, a)) {
      byte[] data = aggClient.getData().forPath(r.path());
      assertEquals(a, MemberCodec.decode(data));
      Stat stat = aggClient.checkExists().forPath(r.path());
      assertEquals(Zk.sessionId(aggClient), stat.getEphemeralOwner(), "ephemeral, ours");
    }
  }

  @Test
  void aggregatorReRegistersAfterItsSessionExpires() throws Exception {
    Member a = Zk.member("agg-x", 4150);
    try (AggregatorMembership r = register(aggClient, a)) {
      long before = Zk.sessionId(aggClient);
      Zk.expireSession(aggClient);
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        Stat s = edgeClient.checkExists().forPath(r.path());
        return s != null && s.getEphemeralOwner() != before;
      });
      assertEquals(a, MemberCodec.decode(edgeClient.getData().forPath(r.path())));
      await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(a)));
    }
  }

  @Test
  void edgeResubscribesAfterItsSessionExpiresAndCatchesUp() throws Exception {
    Member a = Zk.member("agg-1", 4141);
    Member b = Zk.member("agg-2", 4142);
    try (AggregatorMembership ra = register(aggClient, a)) {
      await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(a)));
      long before = Zk.sessionId(edgeClient);
      Zk.expireSession(edgeClient);
      try (AggregatorMembership rb = register(aggClient, b)) {
        await().atMost(Duration.ofSeconds(15)).until(() -> watcher.current().equals(List.of(a, b)));
        assertNotEquals(before, Zk.sessionId(edgeClient), "a new session");
        // The watch is live again in the new session: a later change is seen too.
        ra.close();
        await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(b)));
      }
    }
  }

  @Test
  void aReadRefusedByZooKeeperIsRetriedWithBackoffUntilItSucceeds() throws Exception {
    ZkSettings writer = settings.withEnvironment(Map.of(ZkSettings.DIGEST_ENV, "ops:pw",
        ZkSettings.READERS_ENV, "authenticated"));
    Member a = Zk.member("agg-1", 4141);
    RecordingRandom random = RecordingRandom.resyncAfter(5_000, 0);
    try (CuratorFramework wc = Zk.client(writer);
        AggregatorMembership r = new AggregatorMembership(wc, writer.paths(), "closed", a);
        MembershipWatcher w = new MembershipWatcher(edgeClient, settings.paths(), "closed",
            Duration.ofMillis(50), new JitteredBackoff(Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMillis(400), random), Zk.THREADS, List.of())) {
      r.register();
      assertTrue(r.awaitRegistered(Duration.ofSeconds(5)));
      w.start();
      // The edge may not read the closed tier: every read fails, and is retried with backoff.
      await().atMost(FOLLOW).until(() -> random.drawsOtherThan(5_000).size() >= 4);
      assertEquals(List.of(50L, 100L, 200L, 200L), random.drawsOtherThan(5_000).stream()
          .map(RecordingRandom.Draw::bound).limit(4).toList());
      assertFalse(w.synced());
      assertEquals(List.of(), w.current());
      // Read access is opened. No watch was ever set, so only a retry can notice.
      String members = settings.paths().members("closed");
      wc.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(members);
      wc.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(r.path());
      await().atMost(FOLLOW).until(() -> w.current().equals(List.of(a)));
      assertTrue(w.synced());
    }
  }

  @Test
  void badMemberDataIsSkippedNotFatal() throws Exception {
    Member a = Zk.member("agg-1", 4141);
    aggClient.create().creatingParentContainersIfNeeded()
        .forPath(settings.paths().member("aggregators", "junk"), "not json".getBytes());
    try (AggregatorMembership ra = register(aggClient, a)) {
      await().atMost(FOLLOW).until(() -> watcher.current().equals(List.of(a)));
    }
  }
}
