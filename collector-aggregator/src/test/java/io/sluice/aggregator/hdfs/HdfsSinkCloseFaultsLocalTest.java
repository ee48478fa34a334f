package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finishing a file that never finishes, on local file-system seams: hdfs.closeTries bounds a lease
 * recovery that never completes and a close that hangs, and the file given up is counted once. A
 * batch whose channel commit fails after the flush is in HDFS once, whether or not it comes back.
 */
class HdfsSinkCloseFaultsLocalTest {
  @TempDir Path tmp;

  private final List<SinkHarness> sinks = new ArrayList<>();

  @AfterEach
  void openGates() {
    sinks.forEach(h -> h.sink.stop());
    HangingFileSystem.CLOSE_HANGS_FOR.set(null);
    HangingFileSystem.CLOSE_GATE.get().countDown();
  }

  @Test
  void aLeaseRecoveryThatNeverCompletesIsGivenUpAfterCloseTries() throws Exception {
    Path leftover = tmp.resolve("FlumeData.1000.tmp");
    Files.writeString(leftover, "from an earlier run\n");
    MetricsRegistry metrics = new MetricsRegistry();
    try (FileSystem fs = FileSystem.newInstance(URI.create("leasebusy:///"),
            conf("leasebusy", LeaseBusyFileSystem.class));
         HdfsCalls calls = new HdfsCalls(2, Executors.defaultThreadFactory(), 1_000);
         CloseRetrier closer = new CloseRetrier("k1", calls, new LeaseRecovery(fs), 1,
             Executors.defaultThreadFactory(), 2, 1_000, metrics.group("SINK.k1"))) {
      long start = System.nanoTime();
      closer.recover(new org.apache.hadoop.fs.Path(leftover.toUri()),
          new org.apache.hadoop.fs.Path(tmp.resolve("FlumeData.1000").toUri()));
      assertTrue(closer.awaitIdle(15_000), "still waiting on the lease after 15 s");
      long millis = (System.nanoTime() - start) / 1_000_000;
      // Two tries, each a retryInterval (1 s) of waiting on the recovery, polled every second.
      assertTrue(millis >= 1_500 && millis < 10_000, "given up after " + millis + " ms");
      assertEquals(1, metrics.value("SINK.k1", "FilesGivenUpCount"));
      assertEquals(2, metrics.value("SINK.k1", "ConnectionFailedCount"));
      assertTrue(LeaseBusyFileSystem.RECOVERIES.get() >= 3, "recovery polled");
      assertTrue(Files.exists(leftover), "a file given up stays in-use for the next start");
    }
  }

  @Test
  void aHungCloseTimesOutIsGivenUpAfterCloseTriesAndOtherBucketsKeepWriting() throws Exception {
    CountDownLatch closeGate = new CountDownLatch(1);
    HangingFileSystem.CLOSE_GATE.set(closeGate);
    HangingFileSystem.CLOSE_HANGS_FOR.set("/slow/");
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", "hang://" + tmp.toAbsolutePath() + "/%{b}",
        "hdfs.fileType", "DataStream", "hdfs.callTimeout", "300", "hdfs.closeTries", "1",
        "hdfs.retryInterval", "1", "hdfs.batchSize", "5", "hdfs.rollCount", "5",
        "hdfs.rollSize", "0", "hdfs.rollInterval", "0"), Clock.systemUTC(),
        conf("hang", HangingFileSystem.class));
    h.start();
    try {
      h.offer(SinkHarness.events(0, 5, Map.of("b", "slow")));
      h.drain(Duration.ofSeconds(10));
      long start = System.nanoTime();
      h.offer(SinkHarness.events(5, 20, Map.of("b", "fast"))); // the first batch rolls "slow"
      h.drain(Duration.ofSeconds(10));
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> h.metric("FilesGivenUpCount") == 1);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 5_000, "hung close given up after " + millis + " ms (callTimeout 300)");
      h.offer(SinkHarness.events(20, 25, Map.of("b", "fast")));
      h.drain(Duration.ofSeconds(10));
      h.sink.process(); // rolls the last full "fast" file
      h.awaitClosed(Duration.ofSeconds(10));
      assertEquals(1, h.metric("FilesGivenUpCount"));

      List<String> fast = lines(tmp.resolve("fast"), false);
      assertEquals(20, fast.size(), "the other bucket kept writing and finishing: " + fast);
      List<String> slow = lines(tmp.resolve("slow"), true);
      assertEquals(5, slow.size(), "the given-up file keeps its flushed events: " + slow);
    } finally {
      closeGate.countDown();
      h.sink.stop();
    }
  }

  @Test
  void aTakenFinalNameIsNeverReplacedAndTheFileIsGivenUpAtOnceNamingBothPaths() throws Exception {
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", tmp.toAbsolutePath().toString(),
        "hdfs.fileType", "DataStream", "hdfs.retryInterval", "1", "hdfs.batchSize", "5",
        "hdfs.rollCount", "10", "hdfs.rollSize", "0", "hdfs.rollInterval", "0"), Clock.systemUTC(),
        new Configuration());
    h.start();
    try {
      h.offer(SinkHarness.events(0, 5, Map.of()));
      h.sink.process();
      Path inUse;
      try (Stream<Path> files = Files.list(tmp)) {
        inUse = files.filter(p -> p.toString().endsWith(".tmp")).findFirst().orElseThrow();
      }
      String finalName = inUse.getFileName().toString().replaceFirst("\\.tmp$", "");
      Path other = tmp.resolve(finalName);
      Files.writeString(other, "another writer's file\n");
      h.offer(SinkHarness.events(5, 10, Map.of()));
      h.sink.process(); // fills the file: its close finds the final name taken
      h.awaitClosed(Duration.ofSeconds(10));
      assertEquals(1, h.metric("FilesGivenUpCount"), "given up at once, closeTries 0 or not");
      assertEquals(1, h.metric("ConnectionFailedCount"));
      assertEquals("another writer's file\n", Files.readString(other), "never replaced");
      assertEquals(10, Files.readAllLines(inUse).size(), "the events stay in the in-use file");
      // The other writer's name is left alone; later files get names of their own.
      h.offer(SinkHarness.events(10, 20, Map.of()));
      h.drain(Duration.ofSeconds(10));
      h.awaitClosed(Duration.ofSeconds(10));
      assertEquals(1, h.metric("FilesGivenUpCount"));
      try (Stream<Path> files = Files.list(tmp)) {
        assertEquals(3, files.filter(p -> !p.getFileName().toString().startsWith(".")).count());
      }
    } finally {
      h.sink.stop();
    }
  }

  @Test
  void theErrorOfATakenFinalNameNamesBothPaths() throws Exception {
    Path inUse = Files.writeString(tmp.resolve("FlumeData.7.tmp"), "mine\n");
    Path target = Files.writeString(tmp.resolve("FlumeData.7"), "theirs\n");
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), new Configuration())) {
      LeaseRecovery.FinalNameTaken e = assertThrows(
          LeaseRecovery.FinalNameTaken.class, () -> new LeaseRecovery(fs).rename(
              new org.apache.hadoop.fs.Path(inUse.toUri()), new org.apache.hadoop.fs.Path(target.toUri())));
      assertTrue(e.getMessage().contains(inUse.toString()) && e.getMessage().contains(target.toString()),
          e.getMessage());
      assertEquals("theirs\n", Files.readString(target));
    }
  }

  @Test
  void aBatchWhoseChannelCommitFailsAfterTheFlushIsCutOnceTheChannelDeliversItAgain()
      throws Exception {
    SinkHarness h = commitFailsOnce(2);
    h.offer(SinkHarness.events(0, 15, Map.of()));
    assertEquals(1, h.drain(Duration.ofSeconds(10)), "one failed commit");
    h.sink.stop(); // finishes the files (stopping twice is harmless)
    // The first file held 0-9 with 5-9 uncommitted: cut back to 0-4; 5-9 came back, in the next.
    assertEquals(expected(0, 15), lines(tmp, false), "every event once, none lost");
  }

  @Test
  void aBatchWhoseChannelCommitFailsIsKeptWhenTheChannelDoesNotDeliverItAgain() throws Exception {
    SinkHarness h = commitFailsOnce(2);
    h.offer(SinkHarness.events(0, 10, Map.of()));
    assertEquals(Status.READY, h.sink.process());
    assertThrows(EventDeliveryException.class, h.sink::process);
    // Another consumer takes 5-9 (as after a commit that did take effect): the copy must stay.
    assertEquals(5, h.channel.drain().size());
    h.offer(SinkHarness.events(10, 15, Map.of()));
    h.drain(Duration.ofSeconds(10));
    h.sink.stop();
    assertEquals(expected(0, 15), lines(tmp, false), "the only copy of 5-9 is kept");
  }

  /** A started sink over {@code tmp} (batches of 5, no rolls) whose n-th channel commit fails. */
  private SinkHarness commitFailsOnce(int n) throws Exception {
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", tmp.toAbsolutePath().toString(),
        "hdfs.fileType", "DataStream", "hdfs.batchSize", "5", "hdfs.rollCount", "0",
        "hdfs.rollSize", "0", "hdfs.rollInterval", "0"), Clock.systemUTC(), new Configuration());
    AtomicInteger commits = new AtomicInteger();
    h.channel.onCommit(() -> {
      if (commits.incrementAndGet() == n) {
        throw new IllegalStateException("the channel cannot commit (test)");
      }
    });
    h.start();
    sinks.add(h);
    return h;
  }

  private static List<String> expected(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("event-" + i);
    }
    return out;
  }

  @Test
  void theSearchForLeftoversSkipsCountersTooLongForALong() throws Exception {
    Files.writeString(tmp.resolve("FlumeData.123456789012345678901234.tmp"), "another writer\n");
    Files.writeString(tmp.resolve("FlumeData.1000.tmp"), "from an earlier run\n");
    FileNamer namer = new FileNamer("", "", "", ".tmp", 2_000);
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), new Configuration())) {
      List<FileNamer.Names> found = new LeaseRecovery(fs).leftovers(
          new org.apache.hadoop.fs.Path(tmp.toUri()), namer);
      assertEquals(List.of("FlumeData.1000"), found.stream().map(n -> n.target().getName()).toList());
    }
  }

  private static Configuration conf(String scheme, Class<? extends FileSystem> type) {
    Configuration conf = new Configuration();
    conf.setClass("fs." + scheme + ".impl", type, FileSystem.class);
    conf.setBoolean("fs." + scheme + ".impl.disable.cache", true);
    return conf;
  }

  /** Lines of the visible files in {@code dir}; {@code inUse} says whether they must be in-use. */
  private static List<String> lines(Path dir, boolean inUse) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
        assertEquals(inUse, p.toString().endsWith(".tmp"), "file " + p);
        out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
