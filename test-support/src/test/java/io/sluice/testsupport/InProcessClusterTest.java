package io.sluice.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster builder on collector-core's own components: what it starts runs, then stops. */
class InProcessClusterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void anEdgeOfTextFeedsRegisteredAggregatorsAndCloseStopsEverything() throws Exception {
    InProcessAggregator a1;
    TestZooKeeper zk;
    try (InProcessCluster cluster = InProcessCluster.builder(tmp).zooKeeper("t").tier("aggs")
        .aggregators(2).edge("e1", """
            e1.sources = r1
            e1.sources.r1.type = seq
            e1.sources.r1.totalEvents = 2000
            e1.sources.r1.channels = c1
            e1.channels = c1
            e1.channels.c1.type = memory
            e1.sinks = k1 k2
            e1.sinks.k1.type = avro
            e1.sinks.k1.hostname = 127.0.0.1
            e1.sinks.k1.port = {{port:a1}}
            e1.sinks.k1.channel = c1
            e1.sinks.k2.type = avro
            e1.sinks.k2.hostname = 127.0.0.1
            e1.sinks.k2.port = {{ port:a2 }}
            e1.sinks.k2.channel = c1
            e1.sinkgroups = g1
            e1.sinkgroups.g1.sinks = k1 k2
            e1.sinkgroups.g1.processor.type = load_balance
            """).start()) {
      a1 = cluster.aggregator("a1");
      zk = cluster.zooKeeper();
      CuratorFramework reader = zk.client(cluster.settings());
      assertEquals(List.of("a1", "a2"), reader.getChildren()
          .forPath("/sluice/t/tiers/aggs/members").stream().sorted().toList());
      cluster.awaitLanded(2000, DEADLINE);
      Landed.Tally t = Landed.tally(2000, cluster.landed());
      assertEquals(0, t.missing(), t.toString());
      assertTrue(a1.landedCount() > 0 && cluster.aggregator("a2").landedCount() > 0,
          "load balanced over both: " + t);
    }
    assertFalse(a1.running(), "aggregators stopped");
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", zk.port()).close(),
        "ZooKeeper stopped");
  }

  @Test
  void anUnknownPlaceholderFailsNamingIt() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InProcessCluster.builder(tmp).aggregators(1)
            .edge("e1", "e1.sinks.k1.port = {{port:a9}}").start());
    assertTrue(e.getMessage().contains("agent e1: unknown placeholder {{port:a9}}"), e.getMessage());
    assertTrue(e.getMessage().contains("port:a1"), e.getMessage());
  }
}
