package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/**
 * Member nodes written by someone who can write ZooKeeper but is not a real aggregator: the edge's
 * view of the tier keeps only members whose node is what it claims.
 */
class HostileMembersTest {
  private static final Duration FOLLOW = Duration.ofSeconds(15);
  private static final ZkPaths PATHS = new ZkPaths("/sluice", "hostile");

  private static MembershipWatcher watcher(CuratorFramework client, int maxMembers) {
    MembershipWatcher w = new MembershipWatcher(client, PATHS, "aggs", Duration.ofMillis(50),
        JitteredBackoff.withMaxJitter(Duration.ZERO), Zk.THREADS, List.of(), maxMembers);
    w.start();
    return w;
  }

  private static void node(CuratorFramework client, String name, String json) throws Exception {
    client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(PATHS.members("aggs") + "/" + name, json.getBytes(StandardCharsets.UTF_8));
  }

  private static CuratorFramework client(TestingServer server) {
    return Zk.client(Zk.settings(server.getConnectString(), "hostile"));
  }

  private static String json(String id, String host) {
    return "{\"id\":\"" + id + "\",\"host\":\"" + host + "\",\"port\":4141}";
  }

  /** A test body on a fresh server and client. */
  private interface OnZk {
    void run(CuratorFramework client) throws Exception;
  }

  private static void onZk(OnZk body) throws Exception {
    try (TestingServer server = new TestingServer(true); CuratorFramework c = client(server)) {
      body.run(c);
    }
  }

  @Test
  void aNodeMustCarryItsOwnNameAsIdAndAPlainHost() throws Exception {
    onZk(HostileMembersTest::hostileNodesAreIgnored);
  }

  private static void hostileNodesAreIgnored(CuratorFramework c) throws Exception {
    Map<String, String> nodes = new LinkedHashMap<>();
    nodes.put("agg-1", json("agg-1", "10.0.0.1"));
    nodes.put("shadow", json("agg-1", "203.0.113.9")); // claims agg-1's id, to shadow it
    nodes.put("opt", json("opt", "-oProxyCommand=sh${IFS}-c${IFS}id"));
    nodes.put("ansi", json("ansi", "h\\u001b[2J"));
    nodes.put("ctl", json("ctl", "h\\nx"));
    nodes.put("deep", "{\"id\":\"deep\",\"host\":\"h\",\"port\":1,\"x\":" + "[".repeat(200)
        + "]".repeat(200) + "}");
    for (Map.Entry<String, String> n : nodes.entrySet()) {
      node(c, n.getKey(), n.getValue());
    }
    try (MembershipWatcher w = watcher(c, MembershipWatcher.DEFAULT_MAX_MEMBERS)) {
      await().atMost(FOLLOW).until(w::synced);
      assertEquals(List.of(new Member("agg-1", "10.0.0.1", 4141, false, 100, "")), w.current());
    }
  }

  @Test
  void aListingLongerThanTheLimitIsRefusedAndTheLastMembersStay() throws Exception {
    onZk(HostileMembersTest::floodIsRefused);
  }

  private static void floodIsRefused(CuratorFramework client) throws Exception {
    node(client, "agg-1", json("agg-1", "10.0.0.1"));
    node(client, "agg-2", json("agg-2", "10.0.0.2"));
    try (MembershipWatcher w = watcher(client, 3)) {
      await().atMost(FOLLOW).until(() -> w.current().size() == 2);
      List<Member> good = w.current();
      for (int i = 0; i < 10; i++) {
        node(client, "flood-" + i, json("flood-" + i, "203.0.113." + i));
      }
      long reads = w.reads();
      await().atMost(FOLLOW).until(() -> w.reads() > reads
          && client.getChildren().forPath(PATHS.members("aggs")).size() == 12);
      // Let the watcher see the whole flood: its last read is after the last node was made.
      long after = w.reads();
      node(client, "flood-last", json("flood-last", "203.0.113.99"));
      await().atMost(FOLLOW).until(() -> w.reads() > after);
      assertEquals(good, w.current());
      // Back under the limit: followed again.
      for (String c : client.getChildren().forPath(PATHS.members("aggs"))) {
        if (c.startsWith("flood")) {
          client.delete().forPath(PATHS.members("aggs") + "/" + c);
        }
      }
      node(client, "agg-3", json("agg-3", "10.0.0.3"));
      await().atMost(FOLLOW).until(() -> w.current().size() == 3);
      assertTrue(w.current().stream().allMatch(m -> m.host().startsWith("10.0.0.")));
    }
  }
}
