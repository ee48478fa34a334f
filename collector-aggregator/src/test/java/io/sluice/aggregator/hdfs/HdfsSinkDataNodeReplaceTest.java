package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testsupport.hdfs.MiniHdfs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DataNode of the pipeline lost in the middle of a block (3 DataNodes, replication 2, Hadoop's
 * replace-datanode-on-failure policy on): the client replaces it with the spare DataNode and the
 * same file goes on, no batch fails, the block is back to two live replicas, and every event lands
 * exactly once.
 */
class HdfsSinkDataNodeReplaceTest {
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void aPipelineDataNodeLostMidBlockIsReplacedAndNothingIsLostOrDoubled(@TempDir Path tmp)
      throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start(tmp, "dfs", 3); FileSystem fs = hdfs.newFs()) {
      Configuration conf = hdfs.clientConf();
      conf.set("dfs.client.block.write.replace-datanode-on-failure.enable", "true");
      conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "ALWAYS");
      conf.set("dfs.client.block.write.replace-datanode-on-failure.best-effort", "false");
      SinkHarness h = new SinkHarness(Map.of("hdfs.path", hdfs.uri() + "/replace",
          "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0", "hdfs.rollSize", "0",
          "hdfs.rollCount", "0", "hdfs.batchSize", "100", "hdfs.callTimeout", "10000",
          "hdfs.retryInterval", "1"), Clock.systemUTC(), conf);
      h.start();
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/replace");
      try (StreamDriver driver = new StreamDriver(h)) {
        h.offer(events(0, 3000, Map.of()));
        Awaitility.await().atMost(WAIT).until(() -> h.metric("EventDrainSuccessCount") == 3000);
        FileStatus open = fs.getFileStatus(files(fs, dir).get(0));
        assertTrue(open.getPath().getName().endsWith(".tmp"), "one file, still being written");
        List<String> pipeline = replicas(fs, open);
        assertEquals(2, pipeline.size(), "pipeline " + pipeline);
        hdfs.cluster.stopDataNode(pipeline.get(0));
        h.offer(events(3000, 6000, Map.of()));
        Awaitility.await().atMost(WAIT).until(() -> h.metric("EventDrainSuccessCount") == 6000);
        assertEquals(0, driver.failures.get(), () -> "a batch failed: " + driver.lastFailure.get());
        assertEquals(List.of(open.getPath()), files(fs, dir), "the same file went on");
        List<String> after = replicas(fs, fs.getFileStatus(open.getPath()));
        assertEquals(2, after.size(), "replicas after recovery " + after);
        assertFalse(after.contains(pipeline.get(0)), "the lost DataNode was replaced: " + after);
        System.out.printf("DataNode %s lost mid-block, pipeline now %s%n", pipeline.get(0), after);
      }
      h.sink.stop();
      h.awaitClosed(WAIT);
      Map<String, Integer> seen = new TreeMap<>();
      for (org.apache.hadoop.fs.Path p : files(fs, dir)) {
        assertFalse(p.getName().endsWith(".tmp"), "in use: " + p);
        SinkHarness.readText(fs, p, conf).forEach(l -> seen.merge(l, 1, Integer::sum));
      }
      assertEquals(6000, seen.size(), "distinct events");
      seen.forEach((k, v) -> assertEquals(1, v, () -> k + " written " + v + " times"));
    }
  }

  /** The DataNodes ({@code host:port}) holding the file's last block, under construction or not. */
  private static List<String> replicas(FileSystem fs, FileStatus file) throws Exception {
    BlockLocation[] blocks = fs.getFileBlockLocations(file.getPath(), 0, Long.MAX_VALUE);
    assertTrue(blocks.length > 0, "no block yet: " + file.getPath());
    return Arrays.asList(blocks[blocks.length - 1].getNames());
  }
}
