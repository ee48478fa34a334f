package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.testutil.MutableClock;
import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding H1 against a real HDFS: header values in {@code %{...}} cannot wedge the sink
 * (a {@code :} used to fail every retry of its batch: "not a valid DFS filename"), cannot write
 * outside {@code hdfs.path}, and do not decide how many files (and HDFS client threads) are open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsSinkHostileHeadersTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Values the header may carry that must not become part of a path, with the missing header. */
  private static final List<String> HOSTILE = List.of("../x", "a/b", "a:b", "", ".", "..",
      "a\u0001b", "../../../tmp", "x\n2024-01-01 WARN forged");
  private MiniHdfs hdfs;
  private FileSystem fs;
  private final List<HdfsSink> started = new ArrayList<>();

  @BeforeAll
  void startCluster(@TempDir Path tmp) throws IOException {
    hdfs = MiniHdfs.start(tmp, "dfs", 1);
    fs = hdfs.newFs();
  }

  @AfterAll
  void stopCluster() throws IOException {
    fs.close();
    hdfs.close();
  }

  @AfterEach
  void stopSinks() {
    started.forEach(HdfsSink::stop);
    started.clear();
  }

  private SinkHarness harness(String... keyValues) throws IOException {
    Map<String, String> raw = new HashMap<>(Map.of("hdfs.fileType", "DataStream",
        "hdfs.rollInterval", "0", "hdfs.rollSize", "0", "hdfs.rollCount", "0",
        "hdfs.retryInterval", "1"));
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    org.apache.hadoop.conf.Configuration conf = hdfs.clientConf();
    // a close waits for the in-process DataNode's block report: poll for it sooner than 400 ms
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    SinkHarness h = new SinkHarness(raw, new MutableClock(1_700_000_000_000L), conf);
    started.add(h.start());
    return h;
  }

  private static Event event(String body, String app) {
    Map<String, String> headers = new HashMap<>();
    if (app != null) {
      headers.put("app", app);
    }
    return Event.of(headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A batch: 3 good events for web, one per hostile value, one without the header, 2 for db. */
  private static List<Event> mixedBatch() {
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(event("web-" + i, "web"));
    }
    for (int i = 0; i < HOSTILE.size(); i++) {
      batch.add(event("bad-" + i, HOSTILE.get(i)));
    }
    batch.add(event("bad-missing", null));
    batch.add(event("db-0", "db"));
    batch.add(event("db-1", "db"));
    return batch;
  }

  private List<String> allLines(String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : files(fs, new org.apache.hadoop.fs.Path(dir))) {
      lines.addAll(SinkHarness.readText(fs, p, hdfs.conf));
    }
    return lines;
  }

  private void stop(SinkHarness h) {
    h.sink.stop();
    started.remove(h.sink);
  }

  @Test
  void hostileValuesGoToBadEventPathAndTheBatchCommitsWithItsGoodEvents() throws Exception {
    SinkHarness h = harness("hdfs.path", hdfs.uri() + "/h1/logs/%{app}", "hdfs.batchSize", "100",
        "hdfs.badEventPath", hdfs.uri() + "/h1/rejects");
    h.offer(mixedBatch());
    assertEquals(Status.READY, h.sink.process(), "one batch, committed at the first attempt");
    assertEquals(Status.BACKOFF, h.sink.process());
    assertEquals(0, h.channel.rollbacks());
    assertEquals(HOSTILE.size() + 1, h.metric("EventBadCount"));
    assertEquals(mixedBatch().size(), h.metric("EventDrainSuccessCount"));
    stop(h);

    assertEquals(List.of("web-0", "web-1", "web-2"), allLines("/h1/logs/web"));
    assertEquals(List.of("db-0", "db-1"), allLines("/h1/logs/db"));
    List<org.apache.hadoop.fs.Path> rejects = files(fs, new org.apache.hadoop.fs.Path("/h1/rejects"));
    assertEquals(1, rejects.size(), () -> "one bucket: " + rejects);
    assertTrue(rejects.get(0).getName().startsWith(HdfsSink.BAD_EVENTS_PREFIX + "."));
    List<String> bad = SinkHarness.readText(fs, rejects.get(0), hdfs.conf);
    assertEquals(HOSTILE.size() + 1, bad.size(), () -> "kept, nothing lost: " + bad);
    for (org.apache.hadoop.fs.Path p : files(fs, new org.apache.hadoop.fs.Path("/"))) {
      String path = p.toUri().getPath();
      assertTrue(!path.startsWith("/h1/") || path.startsWith("/h1/logs/web/")
          || path.startsWith("/h1/logs/db/") || path.startsWith("/h1/rejects/"), path);
      assertTrue(!path.startsWith("/tmp") && !path.startsWith("/x"), "written outside: " + path);
    }
  }

  @Test
  void withoutBadEventPathTheyAreCountedAndDroppedAndTheSinkGoesOn() throws Exception {
    SinkHarness h = harness("hdfs.path", hdfs.uri() + "/h2/%{app}", "hdfs.batchSize", "100");
    h.offer(mixedBatch());
    assertEquals(Status.READY, h.sink.process());
    assertEquals(0, h.channel.rollbacks());
    assertEquals(HOSTILE.size() + 1, h.metric("EventBadCount"));
    h.offer(List.of(event("web-3", "web")));
    assertEquals(Status.READY, h.sink.process(), "later batches are not held up");
    stop(h);
    assertEquals(List.of("web-0", "web-1", "web-2", "web-3"), allLines("/h2/web"));
    assertEquals(List.of("db-0", "db-1"), allLines("/h2/db"));
    assertEquals(2, fs.listStatus(new org.apache.hadoop.fs.Path("/h2")).length);
  }

  @Test
  void manyHeaderValuesKeepOpenFilesAndThreadsBounded() throws Exception {
    int maxOpen = 20;
    int batch = 50;
    SinkHarness h = harness("hdfs.path", hdfs.uri() + "/h3/%{app}", "hdfs.batchSize", "" + batch,
        "hdfs.maxOpenFiles", "" + maxOpen);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      events.add(event("e-" + i, "v" + (i * 7919 % 400)));
    }
    h.offer(events);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int baseline = threads.getThreadCount();
    threads.resetPeakThreadCount();
    int batches = 0;
    while (h.sink.process() == Status.READY) {
      batches++;
      assertTrue(h.sink.openFiles() <= maxOpen, "open: " + h.sink.openFiles());
      assertTrue(h.metric("StreamsPendingClose") <= maxOpen + batch,
          "waiting to close: " + h.metric("StreamsPendingClose"));
    }
    assertEquals(400 / batch, batches);
    // Streams open at once: kept (maxOpen), being written (batch), waiting to close (maxOpen +
    // batch). Each has a DataStreamer and a ResponseProcessor in the client and, this DataNode
    // being in-process, a DataXceiver and a PacketResponder; plus the sink's pools and slack.
    int bound = 4 * (2 * maxOpen + 2 * batch) + 50;
    int peak = threads.getPeakThreadCount() - baseline;
    assertTrue(peak <= bound, "threads grew by " + peak + ", bound " + bound);
    stop(h);
    assertEquals(400, allLines("/h3").size());
  }
}
