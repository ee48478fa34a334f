package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.sluice.rpc.LogCapture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aggregatorsMayOnlyRegisterThemselvesAndOnlyTheOperatorChangesTopologyAndConfigs()
      throws Exception {
    DigestCredentials aggIdentity = new DigestCredentials("agg", "agg-pw");
    ZkSettings ops = Zk.settings(server.getConnectString(), "roles").withEnvironment(Map.of(
        ZkSettings.DIGEST_ENV, "ops:s3cr:et",
        ZkSettings.AGGREGATORS_ENV, ZkAcls.digestId(aggIdentity)));
    ZkSettings agg = Zk.settings(server.getConnectString(), "roles")
        .withEnvironment(Map.of(ZkSettings.DIGEST_ENV, "agg:agg-pw"));
    ZkSettings edge = Zk.settings(server.getConnectString(), "roles");
    try (CuratorFramework oc = Zk.client(ops); CuratorFramework gc = Zk.client(agg);
        CuratorFramework ec = Zk.client(edge);
        AggregatorMembership reg = new AggregatorMembership(gc, agg.paths(), "aggs",
            Zk.member("agg-1", 4141))) {
      // The operator's push makes the routed tier's members node, where aggregators may register.
      new TopologyStore(oc, ops.paths()).push(TopologyStoreTest.doc("web", "aggs", 5), 0);
      new AgentConfigStore(oc, ops.paths()).push("e1", "e1.sources = s\n");
      reg.register();
      assertTrue(reg.awaitRegistered(Duration.ofSeconds(10)));
      assertEquals(List.of(Zk.member("agg-1", 4141)),
          new MembershipQuery(ec, edge.paths()).tier("aggs"));
      assertEquals(1, new TopologyStore(ec, edge.paths()).show().orElseThrow().version());

      ZkUnavailableException push = assertThrows(ZkUnavailableException.class,
          () -> new TopologyStore(gc, agg.paths()).push(TopologyStoreTest.doc("web", "evil", 1), 1));
      assertTrue(push.getMessage().contains("not authorised"), push.getMessage());
      assertThrows(ZkUnavailableException.class,
          () -> new AgentConfigStore(gc, agg.paths()).push("e1", "e1.sources = evil\n"));
      assertThrows(KeeperException.NoAuthException.class,
          () -> gc.setData().forPath(agg.paths().topology(), "x".getBytes()));
      assertThrows(KeeperException.NoAuthException.class,
          () -> gc.delete().forPath(agg.paths().topology()));
      assertThrows(KeeperException.NoAuthException.class, () -> gc.create()
          .creatingParentsIfNeeded().forPath(agg.paths().member("other-tier", "x")));
      // Anonymous clients may read what edges read, and write nothing.
      assertThrows(KeeperException.NoAuthException.class, () -> ec.create()
          .forPath(edge.paths().member("aggs", "rogue"), "{}".getBytes()));
      // The history and the cluster's root are the operator's alone.
      assertThrows(KeeperException.NoAuthException.class,
          () -> ec.getData().forPath(edge.paths().topologyVersion(1)));
      assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new org.apache.zookeeper.data.Id("digest",
          ZkAcls.digestId(ops.digest().orElseThrow())))), oc.getACL().forPath(ops.paths().root()));
    }
  }

  @Test
  void aPushNamesTheNodesThatWereMadeOpenBeforeCredentialsWereSet() throws Exception {
    // A base path of its own: the other tests' /sluice is not open to anonymous clients.
    ZkSettings anon = Zk.settings(server.getConnectString(), "legacy").withBasePath("/legacy");
    ZkSettings ops = writer("legacy", ZkSettings.ReadAccess.OPEN).withBasePath("/legacy");
    try (CuratorFramework ac = Zk.client(anon); CuratorFramework oc = Zk.client(ops);
        LogCapture log = LogCapture.capture()) {
      // Registered by an aggregator before anyone set credentials: open to the world.
      ac.create().creatingParentsIfNeeded().forPath(anon.paths().members("aggs"));
      new TopologyStore(oc, ops.paths()).push(TopologyStoreTest.doc("web", "aggs", 5), 0);
      List<String> open = log.linesContaining("can be changed by anyone");
      assertTrue(open.stream().anyMatch(l -> l.contains(ops.paths().members("aggs") + " ")),
          open.toString());
      assertTrue(open.stream().anyMatch(l -> l.contains(ops.paths().root() + " ")),
          open.toString());
    }
  }

  @Test
  void aClientWithoutCredentialsWarnsOnceAtStartAndOneWithThemDoesNot() {
    try (LogCapture log = LogCapture.capture()) {
      new ZkClientFactory(ZkSettings.of("h:1", "c")).create().close();
      assertEquals(1, log.linesContaining("WITHOUT credentials").size());
      new ZkClientFactory(ZkSettings.of("h:1", "c").withDigest(new DigestCredentials("u", "pw")))
          .create().close();
      assertEquals(1, log.linesContaining("WITHOUT credentials").size());
      assertTrue(log.linesContaining("pw").isEmpty());
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
  void zooKeepersOwnClientSettingsComeFromTheNamedFile(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("zk-client.properties"),
        "zookeeper.client.secure=true\n"
        + "zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty\n");
    ZkSettings tls = Zk.settings(server.getConnectString(), "tls")
        .withEnvironment(Map.of(ZkSettings.CLIENT_CONFIG_ENV, file.toString()));
    try (CuratorFramework c = new ZkClientFactory(tls).create()) {
      c.start();
      assertEquals("true", c.getZookeeperClient().getZooKeeper().getClientConfig()
          .getProperty("zookeeper.client.secure"));
      // The test server's port is plain: a client that insists on TLS never gets a session.
      assertFalse(c.blockUntilConnected(1500, TimeUnit.MILLISECONDS));
    }
    ZkSettings missing = Zk.settings(server.getConnectString(), "tls").withEnvironment(
        Map.of(ZkSettings.CLIENT_CONFIG_ENV, tmp.resolve("nope.properties").toString()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ZkClientFactory(missing).create());
    assertTrue(e.getMessage().startsWith("SLUICE_ZK_CLIENT_CONFIG " + tmp.resolve("nope")),
        e.getMessage());
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
    e = assertThrows(IllegalArgumentException.class, () -> ZkSettings.of("h:1", "c")
        .withEnvironment(Map.of(ZkSettings.AGGREGATORS_ENV, "sasl:agg")));
    assertTrue(e.getMessage().contains("needs the operator's own identity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ZkSettings.of("h:1", "c")
        .withEnvironment(Map.of(ZkSettings.SASL_ENV, "Client",
            ZkSettings.AGGREGATORS_ENV, "sasl:agg one")));
    assertTrue(e.getMessage().contains("must name a principal"), e.getMessage());
    assertEquals(List.of("sasl:agg@EXAMPLE.COM", "agg:x2b6Q="), ZkSettings.of("h:1", "c")
        .withEnvironment(Map.of(ZkSettings.SASL_ENV, "Client",
            ZkSettings.AGGREGATORS_ENV, "sasl:agg@EXAMPLE.COM, agg:x2b6Q=")).aggregatorIds());
  }
}
