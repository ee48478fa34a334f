package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Status;
import io.sluice.core.testutil.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file://} paths: what the sink commits is in the operating system's file, not the JVM. */
class HdfsSinkLocalTest {

  @Test
  void everyCommittedEventIsInTheFileWhileItIsStillOpen(@TempDir Path tmp) throws Exception {
    Configuration conf = new Configuration();
    conf.setBoolean("fs.automatic.close", false);
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", tmp.toUri() + "out",
        "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0", "hdfs.rollSize", "0",
        "hdfs.rollCount", "0", "hdfs.batchSize", "7"), new MutableClock(1_700_000_000_000L), conf);
    h.start();
    try {
      h.offer(events(0, 10, Map.of()));
      // 7 then 3 events, each batch committed only after its hflush
      assertEquals(Status.READY, h.sink.process());
      assertEquals(Status.READY, h.sink.process());
      assertEquals(10, h.metric("EventDrainSuccessCount"));
      // read with the OS's view of the open in-use file, not through Hadoop
      List<String> lines = new ArrayList<>();
      try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
        for (Path f : files.toList()) {
          String text = Files.readString(f, StandardCharsets.UTF_8);
          lines.addAll(List.of(text.split("\n")));
        }
      }
      assertEquals(IntStream.range(0, 10).mapToObj(i -> "event-" + i).toList(), lines);
      try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
        assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".crc")).count(),
            "the raw local file system writes no checksum files");
      }
    } finally {
      h.sink.stop();
    }
  }
}
