package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.testutil.MutableClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink against an HA HDFS (two NameNodes behind nameservice {@code ns1}) that it knows only
 * through the client configuration in {@code HADOOP_CONF_DIR}, as production clusters are used.
 */
class HdfsSinkHaTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void writesByNameserviceFromHadoopConfDirAndThroughAFailover(@TempDir Path tmp) throws Exception {
    Configuration serverConf = new Configuration();
    serverConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    serverConf.setInt("dfs.replication", 1);
    MiniDFSNNTopology topology = new MiniDFSNNTopology().addNameservice(
        new MiniDFSNNTopology.NSConf("ns1")
            .addNN(new MiniDFSNNTopology.NNConf("nn1"))
            .addNN(new MiniDFSNNTopology.NNConf("nn2")));
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(serverConf).nnTopology(topology)
        .numDataNodes(1).build();
    try {
      cluster.waitActive();
      cluster.transitionToActive(0);

      // The cluster's client configuration, as an operator would have it in /etc/hadoop/conf.
      Path hadoopConf = tmp.resolve("etc-hadoop");
      Map<String, String> site = new HashMap<>();
      site.put("dfs.nameservices", "ns1");
      site.put("dfs.ha.namenodes.ns1", "nn1,nn2");
      for (int i = 0; i < 2; i++) {
        InetSocketAddress a = cluster.getNameNode(i).getNameNodeAddress();
        site.put("dfs.namenode.rpc-address.ns1.nn" + (i + 1), "localhost:" + a.getPort());
      }
      site.put("dfs.client.failover.proxy.provider.ns1", ConfiguredFailoverProxyProvider.class.getName());
      site.put("dfs.replication", "1");
      site.put("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
      site.put("dfs.client.failover.sleep.base.millis", "100");
      site.put("dfs.client.failover.sleep.max.millis", "1000");
      HadoopConfDirsTest.writeSite(hadoopConf, "hdfs-site.xml", site);
      HadoopConfDirsTest.writeSite(hadoopConf, "core-site.xml", Map.of("fs.defaultFS", "hdfs://ns1"));

      Configuration conf = HadoopConfDirs.resolve(Map.of("HADOOP_CONF_DIR", hadoopConf.toString()),
          null).load();
      conf.setBoolean("fs.automatic.close", false);
      SinkHarness h = new SinkHarness(Map.of("hdfs.path", "hdfs://ns1/ha/logs",
          "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0", "hdfs.rollSize", "0",
          "hdfs.rollCount", "300", "hdfs.batchSize", "50", "hdfs.retryInterval", "1"),
          new MutableClock(1_700_000_000_000L), conf);
      h.start();
      try {
        h.offer(events(0, 500, Map.of()));
        h.drain(WAIT);

        // The active NameNode goes away; the standby takes over, the sink carries on.
        cluster.transitionToStandby(0);
        cluster.shutdownNameNode(0);
        cluster.transitionToActive(1);
        h.offer(events(500, 1000, Map.of()));
        h.drain(WAIT);
      } finally {
        h.sink.stop();
      }
      h.awaitClosed(WAIT);

      try (FileSystem fs = FileSystem.newInstance(java.net.URI.create("hdfs://ns1/"), conf)) {
        List<org.apache.hadoop.fs.Path> all = files(fs, new org.apache.hadoop.fs.Path("/ha/logs"));
        assertTrue(all.stream().noneMatch(p -> p.getName().endsWith(".tmp")), () -> "in use: " + all);
        List<String> lines = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : all) {
          lines.addAll(SinkHarness.readText(fs, p, conf));
        }
        lines.sort(null);
        List<String> expected = new ArrayList<>(IntStream.range(0, 1000).mapToObj(i -> "event-" + i).toList());
        expected.sort(null);
        assertEquals(expected, lines);
      }
    } finally {
      cluster.shutdown(true);
    }
  }
}
