package io.sluice.coordination;

import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;

/** Test helpers: short-timeout clients for a test server, and session tricks. */
final class Zk {
  static final ThreadFactory THREADS = new NamedThreadFactory("zk-test");

  private Zk() {}

  static ZkSettings settings(String connect, String cluster) {
    return ZkSettings.of(connect, cluster)
        .withTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(3));
  }

  static CuratorFramework client(ZkSettings s) {
    return new ZkClientFactory(s).start();
  }

  /** A named thread factory that adds every thread it makes to {@code made}. */
  static ThreadFactory recording(String name, List<Thread> made) {
    NamedThreadFactory names = new NamedThreadFactory(name);
    return r -> {
      Thread t = names.newThread(r);
      made.add(t);
      return t;
    };
  }

  static Member member(String id, int port) {
    return new Member(id, "10.0.0." + port % 250, port, false, 100, "0.1.0");
  }

  /** Makes the server end this client's session, as a long partition would. */
  static void expireSession(CuratorFramework client) throws Exception {
    ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
    zk.getTestable().injectSessionExpiration();
  }

  static long sessionId(CuratorFramework client) throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }
}
