package io.sluice.deploy.quickstart;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's ZooKeeper server: stop and start on the same port and data, and expiry. */
class LocalZooKeeperTest {
  @TempDir Path tmp;

  @Test
  void aShortStopKeepsSessionsAndEphemeralNodesAndExpiryRemovesThem() throws Exception {
    int port = LocalCluster.freePort();
    try (LocalZooKeeper zk = new LocalZooKeeper(tmp.resolve("data"), port);
        CuratorFramework client = CuratorFrameworkFactory.newClient("127.0.0.1:" + port, 30_000,
            5_000, new RetryNTimes(50, 200))) {
      zk.start();
      client.start();
      assertTrue(client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS));
      client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath("/a/e");
      long session = client.getZookeeperClient().getZooKeeper().getSessionId();

      zk.stop();
      assertTrue(!zk.running());
      await().atMost(Duration.ofSeconds(10))
          .until(() -> !client.getZookeeperClient().isConnected());
      assertThrows(IllegalStateException.class, zk::stop, "already stopped");
      zk.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> client.getZookeeperClient().isConnected());
      assertEquals(session, client.getZookeeperClient().getZooKeeper().getSessionId(),
          "the session survived the restart");
      assertNotNull(client.checkExists().forPath("/a/e"), "and so did its ephemeral node");

      zk.expire(session);
      await().atMost(Duration.ofSeconds(20)).until(() -> client.getZookeeperClient().isConnected()
          && client.getZookeeperClient().getZooKeeper().getSessionId() != session);
      assertNotEquals(session, client.getZookeeperClient().getZooKeeper().getSessionId());
      assertNull(client.checkExists().forPath("/a/e"), "the expired session's node is gone");

      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> zk.expire(0x1234));
      assertEquals("ZooKeeper has no session 0x1234", unknown.getMessage());
    }
  }
}
