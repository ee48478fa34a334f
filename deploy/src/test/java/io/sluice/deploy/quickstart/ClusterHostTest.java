package io.sluice.deploy.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster host's control commands (the ZooKeeper ones; HDFS ones run in the drills). */
class ClusterHostTest {
  @TempDir Path tmp;

  @Test
  void commandsAreAnsweredOnOneLineWithTheirNumber() throws Exception {
    try (LocalZooKeeper zk = new LocalZooKeeper(tmp, LocalCluster.freePort())) {
      zk.start();
      assertEquals("@control 1 ok pong", ClusterHost.answer("1 ping", zk, null));
      assertEquals("@control 2 error bogus: java.lang.IllegalArgumentException: unknown command "
          + "'bogus'", ClusterHost.answer("2 bogus", zk, null));
      String unknown = ClusterHost.answer("3 expire-session 0x10", zk, null);
      assertTrue(unknown.startsWith("@control 3 error expire-session: ")
          && unknown.endsWith("ZooKeeper has no session 0x10"), unknown);
      assertEquals("@control 4 ok ZooKeeper stopped", ClusterHost.answer("4 zk-stop", zk, null));
      assertTrue(ClusterHost.answer("5 zk-stop", zk, null)
          .endsWith("ZooKeeper is already stopped"));
      assertEquals("@control 6 ok ZooKeeper started", ClusterHost.answer("6 zk-start", zk, null));
      assertTrue(zk.running());
    }
  }
}
