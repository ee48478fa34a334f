package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sluice.core.testutil.MutableClock;
import io.sluice.testsupport.hdfs.MiniHdfs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hdfs.proxyUser} on a cluster without Kerberos: the process's user impersonates the named
 * user (the cluster allows it through {@code hadoop.proxyuser.*}), and the files are that user's.
 */
class HdfsSinkProxyUserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void filesAreOwnedByTheProxiedUser(@TempDir Path tmp) throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start(tmp, "dfs", 1); FileSystem fs = hdfs.newFs()) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/proxy");
      fs.mkdirs(dir);
      fs.setPermission(dir, new FsPermission((short) 0777));
      SinkHarness h = new SinkHarness(Map.of("hdfs.path", hdfs.uri() + "/proxy",
          "hdfs.proxyUser", "alice", "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0",
          "hdfs.rollSize", "0", "hdfs.rollCount", "100", "hdfs.batchSize", "50"),
          new MutableClock(1_700_000_000_000L), hdfs.clientConf());
      h.start();
      h.offer(events(0, 250, Map.of()));
      h.drain(WAIT);
      h.sink.stop();
      h.awaitClosed(WAIT);
      List<String> lines = new ArrayList<>();
      List<org.apache.hadoop.fs.Path> written = files(fs, dir);
      assertEquals(3, written.size(), "rolled every 100 events: " + written);
      for (org.apache.hadoop.fs.Path p : written) {
        assertFalse(p.getName().endsWith(".tmp"), "in use: " + p);
        assertEquals("alice", fs.getFileStatus(p).getOwner(), p.toString());
        lines.addAll(SinkHarness.readText(fs, p, hdfs.conf));
      }
      assertEquals(IntStream.range(0, 250).mapToObj(i -> "event-" + i).toList(), lines);
    }
  }
}
