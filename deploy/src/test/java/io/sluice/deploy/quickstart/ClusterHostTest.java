package io.sluice.deploy.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster host's control commands: the ZooKeeper ones, and {@code nn-failover} on an HA HDFS
 * (the others run in the drills).
 */
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

  /**
   * A client that knows HDFS only by its nameservice (the client configuration the host wrote)
   * keeps writing a file through {@code nn-failover}, closes and renames it on the new active
   * NameNode (the sink's roll), and reads back every line; {@code nn-start} brings the killed
   * NameNode back as a standby, so a second failover goes back to it.
   */
  @Test
  void anOpenFileIsWrittenClosedAndRenamedThroughAFailover() throws Exception {
    try (LocalHdfs hdfs = LocalHdfs.start(tmp.resolve("hdfs"), LocalCluster.freePort(),
        LocalCluster.freePort())) {
      assertEquals("hdfs://" + LocalHdfs.NAMESERVICE, hdfs.url());
      Configuration client = LandedEvents.clientConf(hdfs.clientConfDir());
      org.apache.hadoop.fs.Path inUse = new org.apache.hadoop.fs.Path("/drill/agg1/events.1.tmp");
      try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs.url()), client)) {
        FSDataOutputStream out = fs.create(inUse);
        write(out, 0, 500);
        assertEquals(1, LandedEvents.read(hdfs.url(), "/drill", HdfsBaseline.none(), client)
            .inUseFiles(), "an open file is counted as in use");

        String failover = ClusterHost.answer("1 nn-failover", null, hdfs);
        assertTrue(failover.matches("@control 1 ok nn1 killed, nn2 active in \\d+ ms"), failover);
        write(out, 500, 1000);
        out.close();
        assertTrue(fs.rename(inUse, new org.apache.hadoop.fs.Path("/drill/agg1/events.1")));

        LandedEvents landed = LandedEvents.read(hdfs.url(), "/drill", HdfsBaseline.none(), client);
        assertEquals(1000, landed.distinct("edge1"));
        assertEquals(0, landed.missing("edge1", 1000));
        assertEquals(0, landed.inUseFiles());

        String again = ClusterHost.answer("2 nn-failover", null, hdfs);
        assertTrue(again.endsWith("nn1 is stopped: nothing to fail over to"), again);
        String start = ClusterHost.answer("3 nn-start", null, hdfs);
        assertTrue(start.matches("@control 3 ok NameNode started: nn1 on port \\d+ \\(standby\\)"),
            start);
        String back = ClusterHost.answer("4 nn-failover", null, hdfs);
        assertTrue(back.matches("@control 4 ok nn2 killed, nn1 active in \\d+ ms"), back);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            fs.open(new org.apache.hadoop.fs.Path("/drill/agg1/events.1")),
            StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
        assertEquals(1000, lines.size());
        assertEquals("edge1 999 0", lines.get(999));
      }
    }
  }

  /** Lines {@code edge1 <seq> 0} for seq in [from, to), each batch of 100 hflushed. */
  private static void write(FSDataOutputStream out, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      out.write(("edge1 " + i + " 0\n").getBytes(StandardCharsets.UTF_8));
      if ((i + 1) % 100 == 0) {
        out.hflush();
      }
    }
  }
}
