package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Digest-authenticated writers, open or authenticated readers, on a real ZooKeeper. */
class AclTest {
  private static TestingServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static ZkSettings writer(String cluster, ZkSettings.ReadAccess readers) {
    return Zk.settings(server.getConnectString(), cluster)
        .withEnvironment(Map.of(ZkSettings.DIGEST_ENV, "ops:s3cr:et",
            ZkSettings.READERS_ENV, readers.name().toLowerCase(java.util.Locale.ROOT)));
  }

  @Test
  void openReadersCanReadButOnlyTheDigestUserCanWrite() throws Exception {
    ZkSettings w = writer("open", ZkSettings.ReadAccess.OPEN);
    assertEquals("ops", w.digest().orElseThrow().user());
    assertEquals("s3cr:et", w.digest().orElseThrow().password());
    ZkSettings anon = Zk.settings(server.getConnectString(), "open");
    try (CuratorFramework wc = Zk.client(w); CuratorFramework ac = Zk.client(anon);
        AggregatorMembership reg = new AggregatorMembership(wc, w.paths(), "aggs",
            Zk.member("agg-1", 4141))) {
      new TopologyStore(wc, w.paths()).push(TopologyStoreTest.doc("web", "aggs", 5), 0);
      reg.register();
      assertTrue(reg.awaitRegistered(Duration.ofSeconds(5)));

      assertEquals(1, new TopologyStore(ac, anon.paths()).show().orElseThrow().version());
      assertEquals(List.of(Zk.member("agg-1", 4141)),
          new MembershipQuery(ac, anon.paths()).tier("aggs"));
      // Read as the writer: ZooKeeper hides the digest from clients without ADMIN rights.
      List<ACL> acl = wc.getACL().forPath(w.paths().topology());
      assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new org.apache.zookeeper.data.Id("digest",
          ZkAcls.digestId(w.digest().orElseThrow()))),
          new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)), acl);

      ZkUnavailableException e = assertThrows(ZkUnavailableException.class,
          () -> new TopologyStore(ac, anon.paths()).push(TopologyStoreTest.doc("x", "y", 1), 1));
      assertTrue(e.getMessage().contains("not authorised"), e.getMessage());
      assertThrows(KeeperException.NoAuthException.class,
          () -> ac.delete().forPath(reg.path()));
    }
  }

  @Test
  void authenticatedReadersShutOutAnonymousClients() throws Exception {
    ZkSettings w = writer("closed", ZkSettings.ReadAccess.AUTHENTICATED);
    ZkSettings anon = Zk.settings(server.getConnectString(), "closed");
    try (CuratorFramework wc = Zk.client(w); CuratorFramework ac = Zk.client(anon)) {
      new TopologyStore(wc, w.paths()).push(TopologyStoreTest.doc("web", "aggs", 5), 0);
      assertEquals(1, new TopologyStore(wc, w.paths()).show().orElseThrow().version());
      assertThrows(KeeperException.NoAuthException.class,
          () -> ac.getData().forPath(w.paths().topology()));
    }
  }

  @Test
  void settingsExplainBadCredentials() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ZkSettings.of("h:1", "c").withEnvironment(Map.of(ZkSettings.DIGEST_ENV, "nopass")));
    assertEquals("SLUICE_ZK_DIGEST must look like user:password", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ZkSettings.of("h:1", "c").withReaders(ZkSettings.ReadAccess.AUTHENTICATED));
    assertTrue(e.getMessage().contains("authenticated readers need digest credentials"));
    assertEquals("digest user 'ops'", new DigestCredentials("ops", "pw").toString());
  }
}
