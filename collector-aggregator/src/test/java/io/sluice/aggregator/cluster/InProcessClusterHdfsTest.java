package io.sluice.aggregator.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testsupport.InProcessCluster;
import io.sluice.testsupport.Landed;
import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster builder's HDFS option: an edge feeds one aggregator whose HDFS sink writes into the
 * cluster's MiniHdfs ({@code {{hdfs.uri}}}), and every event is counted in the files there.
 */
class InProcessClusterHdfsTest {
  private static final int EVENTS = 20_000;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void anEdgeFeedsAnAggregatorWritingIntoTheClustersHdfs() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.builder(tmp).service(MiniHdfs.starter(1))
        .aggregator("agg", """
            agg.sources = r1
            agg.sources.r1.type = avro
            agg.sources.r1.bind = 127.0.0.1
            agg.sources.r1.port = {{port}}
            agg.sources.r1.channels = c1
            agg.channels = c1
            agg.channels.c1.type = memory
            agg.channels.c1.capacity = 10000
            agg.channels.c1.transactionCapacity = 1000
            agg.sinks = k1
            agg.sinks.k1.type = hdfs
            agg.sinks.k1.channel = c1
            agg.sinks.k1.hdfs.path = {{hdfs.uri}}/landed
            agg.sinks.k1.hdfs.fileType = DataStream
            agg.sinks.k1.hdfs.batchSize = 1000
            agg.sinks.k1.hdfs.rollCount = 0
            agg.sinks.k1.hdfs.rollSize = 0
            agg.sinks.k1.hdfs.rollInterval = 0
            """)
        .edge("e1", """
            e1.sources = r1
            e1.sources.r1.type = seq
            e1.sources.r1.totalEvents = %d
            e1.sources.r1.channels = c1
            e1.channels = c1
            e1.channels.c1.type = memory
            e1.channels.c1.capacity = 10000
            e1.channels.c1.transactionCapacity = 1000
            e1.sinks = k1
            e1.sinks.k1.type = avro
            e1.sinks.k1.hostname = 127.0.0.1
            e1.sinks.k1.port = {{port:agg}}
            e1.sinks.k1.batch-size = 1000
            e1.sinks.k1.channel = c1
            """.formatted(EVENTS)).start()) {
      MiniHdfs hdfs = cluster.service(MiniHdfs.class);
      try (FileSystem fs = hdfs.newFs()) {
        // The sink may roll (rename) a file between the listing and its read: look again then.
        // The read then fails as FileNotFoundException, or, when the rename lands mid-read, as an
        // IOException from the block reader (UncheckedIOException through lines()).
        AtomicReference<List<String>> landed = new AtomicReference<>(List.of());
        await().atMost(DEADLINE).ignoreExceptionsMatching(
            e -> e instanceof IOException || e instanceof UncheckedIOException).until(() -> {
          landed.set(lines(fs));
          return landed.get().size() >= EVENTS;
        });
        Landed.Tally t = Landed.tally(EVENTS, landed.get());
        assertEquals(0, t.missing(), t.toString());
        assertEquals(0, t.duplicates(), t.toString());
      }
    }
  }

  /** Every line of every file under /landed, open ones up to what the sink has flushed. */
  private static List<String> lines(FileSystem fs) throws IOException {
    List<String> out = new ArrayList<>();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/landed");
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      try (FSDataInputStream in = fs.open(f.getPath());
          BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines().forEach(out::add);
      }
    }
    return out;
  }
}
