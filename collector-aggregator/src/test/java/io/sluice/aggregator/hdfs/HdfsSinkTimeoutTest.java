package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hung file-system call: bounded by hdfs.callTimeout, the batch rolls back, writing resumes. */
class HdfsSinkTimeoutTest {
  @TempDir Path tmp;

  @AfterEach
  void openGate() {
    HangingFileSystem.GATE.get().countDown();
  }

  @Test
  void aHungFlushFailsTheBatchWithinTheCallTimeoutAndWritingResumes() throws Exception {
    Configuration conf = new Configuration();
    conf.setClass("fs.hang.impl", HangingFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    conf.setBoolean("fs.hang.impl.disable.cache", true);
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", "hang://" + tmp.toAbsolutePath(),
        "hdfs.fileType", "DataStream", "hdfs.callTimeout", "300", "hdfs.retryInterval", "1",
        "hdfs.batchSize", "10", "hdfs.rollCount", "0", "hdfs.rollSize", "0", "hdfs.rollInterval", "0"),
        Clock.systemUTC(), conf);
    h.start();
    try {
      h.offer(SinkHarness.events(0, 30, Map.of()));
      h.sink.process();
      CountDownLatch gate = new CountDownLatch(1);
      HangingFileSystem.GATE.set(gate);
      for (int i = 0; i < 2; i++) {
        long start = System.nanoTime();
        EventDeliveryException e = assertThrows(EventDeliveryException.class, h.sink::process);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "process() returned after " + millis + " ms");
        assertTrue(e.getMessage().contains("hdfs.callTimeout = 300 ms"), e.getMessage());
      }
      assertEquals(2, h.channel.rollbacks());
      assertEquals(20, h.channel.size(), "the hung batches are back in the channel");
      gate.countDown(); // HDFS recovers
      h.drain(Duration.ofSeconds(30));
      h.awaitClosed(Duration.ofSeconds(30));
      h.sink.stop();
      List<String> lines = new java.util.ArrayList<>();
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path p : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
          assertTrue(!p.toString().endsWith(".tmp"), "in-use file left: " + p);
          lines.addAll(Files.readAllLines(p));
        }
      }
      assertEquals(30, lines.size(), "each event once: " + lines);
      assertEquals(30, lines.stream().distinct().count());
    } finally {
      HangingFileSystem.GATE.get().countDown();
    }
  }

  @Test
  void hdfsCallsReportEachOutcomeAndInterruptTheLateOnes() throws IOException {
    HdfsCalls calls = new HdfsCalls(2, Executors.defaultThreadFactory(), 200);
    try {
      CountDownLatch never = new CountDownLatch(1);
      boolean[] interrupted = {false};
      List<HdfsCalls.Outcome<String>> out = calls.each("test", List.of(() -> "ok", () -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          interrupted[0] = true;
        }
        return "late";
      }, () -> {
        throw new IOException("boom");
      }));
      assertEquals("ok", out.get(0).value());
      assertTrue(out.get(1).failure().getMessage().contains("did not finish within hdfs.callTimeout = 200 ms"));
      assertEquals("boom", out.get(2).failure().getMessage());
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> interrupted[0]);
    } finally {
      calls.close();
    }
  }
}
