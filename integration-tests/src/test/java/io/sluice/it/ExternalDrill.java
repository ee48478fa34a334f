package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.deploy.quickstart.ClusterConfigs;
import io.sluice.deploy.quickstart.EdgeLoad;
import io.sluice.deploy.quickstart.LocalCluster;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice drill --zk ...} against a cluster it does not own: a quickstart cluster started by
 * this test. The drill learns the aggregators from ZooKeeper, runs only its own two edges, kills
 * agg1 through an operator command template filled from agg1's member node ({pid}), and "restarts"
 * it through another (which here asks this test to restart it). Nothing acknowledged may be
 * missing, and only the drill's own events are counted.
 */
class ExternalDrill {
  @TempDir Path tmp;

  @Test
  void drillsAClusterNamedByItsZooKeeperThroughCommandTemplates() throws Exception {
    LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), true, EdgeLoad.demo(20, 100),
        new PrintStream(OutputStream.nullOutputStream()));
    ExecutorService restarter = Executors.newSingleThreadExecutor(
        new NamedThreadFactory("external-drill-restarter"));
    try {
      cluster.start();
      long aggPid = cluster.node("agg1").pid();
      Path restoreAsked = tmp.resolve("restore-asked");
      Path dir = tmp.resolve("drill");
      // The restore command only leaves a note; this test owns agg1 and starts it again.
      Future<?> restart = restarter.submit(() -> {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
            .until(() -> Files.exists(restoreAsked));
        cluster.restart("agg1");
        return null;
      });
      DrillRun run = DrillRun.run(dir, 300, "--zk", cluster.zkConnect(), "--cluster",
          ClusterConfigs.CLUSTER, "--hdfs", cluster.hdfsUrl(), "--hdfs-path",
          ClusterConfigs.HDFS_ROOT, "--target", "agg1", "--fault", "kill", "--fault-command",
          "kill -KILL {pid}", "--restore-command", "echo {id} {host} > " + restoreAsked, "--at",
          "6", "--down", "4", "--duration", "16", "--rate", "100", "--settle", "90");
      assertEquals(0, run.exitCode(), run.output());
      restart.get(10, TimeUnit.SECONDS);
      assertTrue(run.output().contains("ran kill -KILL " + aggPid), run.output());
      assertEquals("agg1 127.0.0.1", Files.readString(restoreAsked).trim(),
          "{id} and {host} came from agg1's member node");
      assertNotEquals(aggPid, cluster.node("agg1").pid(), "agg1 was restarted");
      assertEquals(0, run.number("missing"), run.json());
      long sent = run.number("sent");
      assertTrue(sent > 1000, run.json());
      assertEquals(sent, run.number("landed"), run.json());
      assertTrue(run.json().contains("other traffic is not counted"), run.json());
      long reroute = run.number("rerouteMillis");
      assertTrue(reroute >= 0 && reroute < 5000, "reroute " + reroute + " ms\n" + run.json());
      assertTrue(Files.exists(dir.resolve("logs/edge1.log")), "the drill ran its own edges");
      assertTrue(!Files.exists(dir.resolve("logs/agg1.log")), "and no aggregator of its own");
    } finally {
      restarter.shutdownNow();
      cluster.stop();
    }
  }
}
