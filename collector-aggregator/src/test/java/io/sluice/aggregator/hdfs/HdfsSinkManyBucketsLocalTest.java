package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.testutil.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding H1, cardinality: 2,000 distinct header values (each one file created and closed)
 * through {@code file://} keep at
 * most {@code hdfs.maxOpenFiles} files open, the closer's backlog and the threads bounded, and
 * every event lands once.
 */
class HdfsSinkManyBucketsLocalTest {

  @Test
  void twoThousandBucketsWithMaxOpenFilesTwenty(@TempDir Path tmp) throws Exception {
    int maxOpen = 20;
    int batch = 100;
    int n = 2_000;
    Configuration conf = new Configuration();
    conf.setBoolean("fs.automatic.close", false);
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", tmp.toUri() + "out/%{b}",
        "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0", "hdfs.rollSize", "0",
        "hdfs.rollCount", "0", "hdfs.batchSize", "" + batch, "hdfs.maxOpenFiles", "" + maxOpen),
        new MutableClock(1_700_000_000_000L), conf);
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(Event.of(Map.of("b", "v" + i), ("event-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    h.offer(events);
    h.start();
    int baseline = Thread.activeCount();
    int peakThreads = baseline;
    long peakPending = 0;
    try {
      int batches = 0;
      while (h.sink.process() == Status.READY) {
        batches++;
        assertTrue(h.sink.openFiles() <= maxOpen, "open: " + h.sink.openFiles());
        peakPending = Math.max(peakPending, h.metric("StreamsPendingClose"));
        peakThreads = Math.max(peakThreads, Thread.activeCount());
      }
      assertEquals(n / batch, batches);
      assertEquals(0, h.channel.rollbacks());
    } finally {
      h.sink.stop();
    }
    assertTrue(peakPending <= maxOpen + batch, "streams waiting to close: " + peakPending);
    // the I/O pool (hdfs.threadsPoolSize 10) and the closer (1) at most, whatever the cardinality
    assertTrue(peakThreads - baseline <= 10 + 1 + 5, "threads grew by " + (peakThreads - baseline));
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(tmp.resolve("out"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertTrue(!f.getFileName().toString().endsWith(".tmp"), "left open: " + f);
        lines.add(Files.readString(f, StandardCharsets.UTF_8).strip());
      }
    }
    assertEquals(n, lines.size());
    assertEquals(n, lines.stream().distinct().count());
  }
}
