package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static io.sluice.aggregator.hdfs.SinkHarness.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics.DropReason;
import io.sluice.core.testutil.MutableClock;
import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HDFS sink against a real HDFS (one MiniDFSCluster for the class): every file type and codec
 * read back with Hadoop's and Avro's readers, rolling, path escapes, bad events, LRU and idle
 * closing, and recovery of files left in-use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsSinkTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private MiniHdfs hdfs;
  private FileSystem fs;
  private final List<HdfsSink> started = new ArrayList<>();
  private String dir;

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

  private SinkHarness harness(TestInfo info, MutableClock clock, String... keyValues) throws IOException {
    Map<String, String> raw = new HashMap<>();
    raw.put("hdfs.path", "/t/" + info.getTestMethod().orElseThrow().getName() + "-"
        + Integer.toHexString(info.getDisplayName().hashCode()));
    raw.put("hdfs.rollInterval", "0");
    raw.put("hdfs.rollSize", "0");
    raw.put("hdfs.rollCount", "0");
    raw.put("hdfs.retryInterval", "1");
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    dir = raw.get("hdfs.path");
    raw.put("hdfs.path", hdfs.uri() + dir);
    SinkHarness h = new SinkHarness(raw, clock, hdfs.clientConf());
    started.add(h.start());
    return h;
  }

  private SinkHarness harness(TestInfo info, String... keyValues) throws IOException {
    return harness(info, new MutableClock(1_700_000_000_000L), keyValues);
  }

  private List<org.apache.hadoop.fs.Path> finished(SinkHarness h) throws IOException {
    h.sink.stop();
    started.remove(h.sink);
    List<org.apache.hadoop.fs.Path> all = files(fs, new org.apache.hadoop.fs.Path(dir));
    assertTrue(all.stream().noneMatch(p -> p.getName().endsWith(".tmp")), () -> "in-use files left: " + all);
    return all;
  }

  private static List<String> expected(int n) {
    return IntStream.range(0, n).mapToObj(i -> "event-" + i).toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"DataStream,''", "CompressedStream,gzip", "CompressedStream,bzip2", "CompressedStream,deflate",
      "CompressedStream,default", "CompressedStream,lz4"})
  void streamFilesReadBackWithHadoopCodecs(String fileType, String codec, TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", fileType, "hdfs.codeC", codec, "hdfs.batchSize", "100",
        "hdfs.rollCount", "250");
    h.offer(events(0, 1000, Map.of()));
    h.drain(WAIT);
    List<org.apache.hadoop.fs.Path> files = finished(h);
    assertEquals(4, files.size(), () -> "files: " + files);
    List<String> lines = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : files) {
      if (!codec.isEmpty()) {
        String ext = FileFormat.codecNamed(codec, hdfs.conf).getDefaultExtension();
        assertTrue(p.getName().endsWith(ext), p.getName());
      }
      assertTrue(p.getName().startsWith("FlumeData.1700000000"), p.getName());
      List<String> l = SinkHarness.readText(fs, p, hdfs.conf);
      assertEquals(250, l.size());
      lines.addAll(l);
    }
    assertEquals(expected(1000), lines);
    assertEquals(1000, h.metric("EventDrainSuccessCount"));
    assertEquals(4, h.metric("ConnectionCreatedCount"));
    assertEquals(4, h.metric("ConnectionClosedCount"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"Writable,''", "Text,''", "Writable,gzip", "Text,deflate"})
  void sequenceFilesReadBackWithSequenceFileReader(String writeFormat, String codec, TestInfo info)
      throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "SequenceFile", "hdfs.writeFormat", writeFormat,
        "hdfs.codeC", codec, "hdfs.batchSize", "70", "hdfs.rollCount", "300");
    h.offer(events(0, 700, Map.of("timestamp", "1234")));
    h.drain(WAIT);
    List<org.apache.hadoop.fs.Path> files = finished(h);
    assertEquals(3, files.size());
    List<String> values = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : files) {
      values.addAll(SinkHarness.readSequenceFile(fs, p, hdfs.conf));
    }
    assertEquals(expected(700), values);
  }

  @Test
  void avroEventFilesReadBackWithDataFileReader(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "serializer", "avro_event",
        "serializer.compressionCodec", "deflate", "hdfs.fileSuffix", ".avro", "hdfs.batchSize", "50");
    h.offer(events(0, 500, Map.of("host", "edge-1")));
    h.drain(WAIT);
    List<org.apache.hadoop.fs.Path> files = finished(h);
    assertEquals(1, files.size());
    assertTrue(files.get(0).getName().endsWith(".avro"));
    List<GenericRecord> records = SinkHarness.readAvro(fs, files.get(0));
    assertEquals(500, records.size());
    GenericRecord first = records.get(0);
    assertEquals("Event", first.getSchema().getName());
    assertEquals("edge-1", ((Map<?, ?>) first.get("headers")).get(new org.apache.avro.util.Utf8("host")).toString());
    ByteBuffer body = (ByteBuffer) records.get(499).get("body");
    assertEquals("event-499", StandardCharsets.UTF_8.decode(body).toString());
  }

  @Test
  void headerAndTextSerializerWritesHeadersThenBody(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "serializer", "header_and_text");
    h.offer(events(0, 3, Map.of("k", "v")));
    h.drain(WAIT);
    List<org.apache.hadoop.fs.Path> files = finished(h);
    assertEquals(List.of("{k=v} event-0", "{k=v} event-1", "{k=v} event-2"),
        SinkHarness.readText(fs, files.get(0), hdfs.conf));
  }

  @Test
  void dataIsReadableBeforeTheFileIsClosed(TestInfo info) throws Exception {
    // What a commit promises: the batch was flushed to the DataNodes, so a reader sees it at once.
    SinkHarness h = harness(info, "hdfs.fileType", "CompressedStream", "hdfs.codeC", "gzip",
        "hdfs.batchSize", "10");
    List<Integer> visibleAtCommit = new ArrayList<>();
    h.channel.onCommit(() -> {
      try {
        List<org.apache.hadoop.fs.Path> open = files(fs, new org.apache.hadoop.fs.Path(dir));
        visibleAtCommit.add(open.isEmpty() ? 0 : SinkHarness.readText(fs, open.get(0), hdfs.conf).size());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    h.offer(events(0, 25, Map.of()));
    assertEquals(Status.READY, h.sink.process());
    assertEquals(Status.READY, h.sink.process());
    assertEquals(Status.READY, h.sink.process());
    assertEquals(List.of(10, 20, 25), visibleAtCommit);
    assertTrue(files(fs, new org.apache.hadoop.fs.Path(dir)).get(0).getName().endsWith(".gz.tmp"));
  }

  @Test
  void inUseNamesAndHsyncModeFollowTheKeys(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.inUsePrefix", "_",
        "hdfs.emptyInUseSuffix", "true", "hdfs.fileSuffix", ".log", "hdfs.hsync", "true");
    h.offer(events(0, 5, Map.of()));
    h.drain(WAIT);
    List<org.apache.hadoop.fs.Path> open = files(fs, new org.apache.hadoop.fs.Path(dir));
    assertEquals(1, open.size());
    assertTrue(open.get(0).getName().matches("_FlumeData\\.\\d+\\.log"), open.get(0).getName());
    List<org.apache.hadoop.fs.Path> done = finished(h);
    assertTrue(done.get(0).getName().matches("FlumeData\\.\\d+\\.log"), done.get(0).getName());
    assertEquals(expected(5), SinkHarness.readText(fs, done.get(0), hdfs.conf));
  }

  @Test
  void stopEndsEveryThreadTheSinkStarted(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.threadsPoolSize", "3",
        "hdfs.rollTimerPoolSize", "2");
    h.offer(events(0, 10, Map.of()));
    h.drain(WAIT);
    assertTrue(sinkThreads() > 0);
    h.sink.stop();
    started.remove(h.sink);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> sinkThreads() == 0);
  }

  private static long sinkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("a1-k1-hdfs-")).count();
  }

  @Test
  void rollsByCountAndBySizeWithinOneBatch(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.rollCount", "3",
        "hdfs.batchSize", "10");
    h.offer(events(0, 10, Map.of()));
    assertEquals(Status.READY, h.sink.process());
    List<org.apache.hadoop.fs.Path> files = finished(h);
    assertEquals(List.of(3, 3, 3, 1), sizes(files));

    // 7-byte bodies ("event-N"): a file is complete once it holds 20 bytes, i.e. 3 events.
    SinkHarness bySize = harness(info, "hdfs.path", "/t/roll-size", "hdfs.fileType", "DataStream",
        "hdfs.rollSize", "20", "hdfs.batchSize", "10");
    bySize.offer(events(0, 7, Map.of()));
    bySize.drain(WAIT);
    assertEquals(List.of(3, 3, 1), sizes(finished(bySize)));
  }

  private List<Integer> sizes(List<org.apache.hadoop.fs.Path> files) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : files) {
      out.add(SinkHarness.readText(fs, p, hdfs.conf).size());
    }
    return out;
  }

  @Test
  void rollsByIntervalAndClosesIdleFilesOnTheSinksClock(TestInfo info) throws Exception {
    MutableClock clock = new MutableClock(1_700_000_000_000L);
    SinkHarness h = harness(info, clock, "hdfs.fileType", "DataStream", "hdfs.rollInterval", "30",
        "hdfs.path", "/t/interval/%{app}", "hdfs.idleTimeout", "10");
    h.offer(events(0, 2, Map.of("app", "a")));
    h.offer(events(2, 4, Map.of("app", "b")));
    h.drain(WAIT);
    assertEquals(2, h.sink.openFiles());
    clock.advanceMillis(5_000);
    h.offer(events(4, 5, Map.of("app", "a")));
    h.drain(WAIT);
    clock.advanceMillis(6_000); // b idle 11 s: closed; a idle 6 s: open
    assertEquals(Status.BACKOFF, h.sink.process());
    assertEquals(1, h.sink.openFiles());
    h.awaitClosed(WAIT);
    assertEquals(1, files(fs, new org.apache.hadoop.fs.Path("/t/interval/b")).size());
    assertFalse(files(fs, new org.apache.hadoop.fs.Path("/t/interval/b")).get(0).getName().endsWith(".tmp"));
    h.offer(events(5, 6, Map.of("app", "a")));
    h.drain(WAIT);
    clock.advanceMillis(19_000); // a open for 30 s: rolled even though written 19 s ago
    assertEquals(Status.BACKOFF, h.sink.process());
    assertEquals(0, h.sink.openFiles());
    h.awaitClosed(WAIT);
    List<org.apache.hadoop.fs.Path> a = files(fs, new org.apache.hadoop.fs.Path("/t/interval/a"));
    assertEquals(1, a.size());
    assertEquals(List.of("event-0", "event-1", "event-4", "event-5"), SinkHarness.readText(fs, a.get(0), hdfs.conf));
  }

  @Test
  void pathEscapesAndRoundingChooseTheBucket(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.timeZone", "UTC",
        "hdfs.path", "/t/escapes/%{app}/%Y-%m-%d/%H%M", "hdfs.round", "true", "hdfs.roundValue", "15",
        "hdfs.roundUnit", "minute", "hdfs.filePrefix", "%{app}-%[localhost]");
    long t1 = ZonedDateTime.of(2024, 2, 29, 23, 14, 59, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    long t2 = ZonedDateTime.of(2024, 2, 29, 23, 15, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    h.offer(events(0, 3, Map.of("app", "web", "timestamp", Long.toString(t1))));
    h.offer(events(3, 5, Map.of("app", "web", "timestamp", Long.toString(t2))));
    h.offer(events(5, 6, Map.of("app", "db", "timestamp", Long.toString(t2))));
    h.drain(WAIT);
    this.dir = "/t/escapes";
    List<org.apache.hadoop.fs.Path> files = finished(h);
    String host = HostNames.local().hostName();
    List<String> rel = files.stream().map(p -> p.getParent().toUri().getPath() + "/"
        + p.getName().replaceAll("\\.\\d+$", "")).toList();
    assertEquals(List.of("/t/escapes/db/2024-02-29/2315/db-" + host,
        "/t/escapes/web/2024-02-29/2300/web-" + host, "/t/escapes/web/2024-02-29/2315/web-" + host), rel);
    assertEquals(3, SinkHarness.readText(fs, files.get(1), hdfs.conf).size());
  }

  @Test
  void eventsWithoutTimestampAreCountedNotRetried(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.path", "/t/bad/%Y");
    List<Event> mixed = new ArrayList<>(events(0, 3, Map.of("timestamp", "0")));
    mixed.addAll(events(3, 5, Map.of()));
    h.offer(mixed);
    assertEquals(Status.READY, h.sink.process(), "a bad event does not fail the batch");
    assertEquals(Status.BACKOFF, h.sink.process());
    assertEquals(2, h.metric("EventBadCount"));
    assertEquals(2, h.dropped(DropReason.BAD_PATH), "no hdfs.badEventPath: they are lost");
    assertEquals(0, h.channel.rollbacks());
    this.dir = "/t/bad";
    assertEquals(3, SinkHarness.readText(fs, finished(h).get(0), hdfs.conf).size());

    SinkHarness kept = harness(info, "hdfs.fileType", "DataStream", "hdfs.path", "/t/bad2/%Y",
        "hdfs.badEventPath", hdfs.uri() + "/t/bad2-rejects");
    kept.offer(events(0, 2, Map.of()));
    kept.drain(WAIT);
    this.dir = "/t/bad2-rejects";
    List<org.apache.hadoop.fs.Path> rejects = finished(kept);
    assertEquals(1, rejects.size());
    assertTrue(rejects.get(0).getName().startsWith("BadEvents."));
    assertEquals(List.of("event-0", "event-1"), SinkHarness.readText(fs, rejects.get(0), hdfs.conf));
  }

  @Test
  void maxOpenFilesClosesTheLeastRecentlyWritten(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.maxOpenFiles", "2",
        "hdfs.path", "/t/lru/%{b}", "hdfs.batchSize", "1");
    for (String b : List.of("x", "y", "x", "z")) {
      h.offer(events(0, 1, Map.of("b", b)));
      h.drain(WAIT);
    }
    assertEquals(2, h.sink.openFiles());
    h.awaitClosed(WAIT);
    List<org.apache.hadoop.fs.Path> y = files(fs, new org.apache.hadoop.fs.Path("/t/lru/y"));
    assertEquals(1, y.size());
    assertFalse(y.get(0).getName().endsWith(".tmp"), "y was least recently written: closed");
    assertTrue(files(fs, new org.apache.hadoop.fs.Path("/t/lru/x")).get(0).getName().endsWith(".tmp"));
  }

  @Test
  void aFlumeAgentConfigurationRunsTheSinkThroughTheRuntime() throws Exception {
    String props = """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.batchSize = 100
        a1.sources.r1.totalEvents = 5000
        a1.sources.r1.channels = c1
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = static
        a1.sources.r1.interceptors.i1.key = app
        a1.sources.r1.interceptors.i1.value = web
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 1000
        a1.sinks.k1.type = org.apache.flume.sink.hdfs.HDFSEventSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.hdfs.path = %s/t/agent/%%{app}
        a1.sinks.k1.hdfs.fileType = DataStream
        a1.sinks.k1.hdfs.batchSize = 1000
        a1.sinks.k1.hdfs.rollCount = 0
        a1.sinks.k1.hdfs.rollSize = 0
        """.formatted(hdfs.uri());
    var loader = new io.sluice.core.config.AgentConfigLoader(
        io.sluice.core.registry.ComponentRegistry.fromContextClassLoader(),
        io.sluice.core.config.ValueSubstitutor.of(Map.of(), Map.of()));
    io.sluice.core.agent.AgentOptions fast = io.sluice.core.agent.AgentOptions.defaults()
        .withShutdownGrace(Duration.ofSeconds(30));
    try (io.sluice.core.agent.Agent a = new io.sluice.core.agent.Agent(
        loader.load(io.sluice.core.config.FlumeProperties.parse(props), "a1"), fast)) {
      a.start();
      // a file can be renamed (rolled) between the listing and its read: look again then
      org.awaitility.Awaitility.await().atMost(WAIT)
          .ignoreExceptionsInstanceOf(java.io.FileNotFoundException.class).until(() -> {
        List<org.apache.hadoop.fs.Path> f = files(fs, new org.apache.hadoop.fs.Path("/t/agent"));
        int n = 0;
        for (org.apache.hadoop.fs.Path p : f) {
          n += SinkHarness.readText(fs, p, hdfs.conf).size();
        }
        return n == 5000;
      });
    }
    List<org.apache.hadoop.fs.Path> f = files(fs, new org.apache.hadoop.fs.Path("/t/agent"));
    assertTrue(f.stream().noneMatch(p -> p.getName().endsWith(".tmp")), () -> "in-use after stop: " + f);

    io.sluice.api.config.ConfigException typo = org.junit.jupiter.api.Assertions.assertThrows(
        io.sluice.api.config.ConfigException.class,
        () -> loader.load(io.sluice.core.config.FlumeProperties.parse(props + "a1.sinks.k1.hdfs.rollIntervall = 5\n"), "a1"));
    assertTrue(typo.getMessage().contains("did you mean 'hdfs.rollInterval'"), typo.getMessage());
  }

  @Test
  void filesLeftInUseByADeadWriterAreRecoveredOnStart(TestInfo info) throws Exception {
    final String dir = "/t/recover";
    // A writer that dies without closing: its lease is held until recovered.
    DistributedFileSystem other = (DistributedFileSystem) hdfs.newFs();
    org.apache.hadoop.fs.Path left = new org.apache.hadoop.fs.Path(dir + "/sub/FlumeData.1600000000000.tmp");
    FSDataOutputStream out = other.create(left);
    out.write("event-0\nevent-1\n".getBytes(StandardCharsets.UTF_8));
    out.hflush();
    other.getClient().closeAllFilesBeingWritten(true); // abort: no close, lease left behind
    org.apache.hadoop.fs.Path newer = new org.apache.hadoop.fs.Path(dir + "/FlumeData.1800000000000.tmp");
    fs.create(newer).close(); // a counter from a later run (another live sink): left alone

    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.path", dir);
    h.awaitClosed(WAIT);
    this.dir = dir;
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir + "/sub/FlumeData.1600000000000")));
    assertFalse(fs.exists(left));
    assertTrue(fs.exists(newer));
    assertEquals(List.of("event-0", "event-1"),
        SinkHarness.readText(fs, new org.apache.hadoop.fs.Path(dir + "/sub/FlumeData.1600000000000"), hdfs.conf));
    fs.delete(newer, false);
    assertEquals(List.of("FlumeData.1600000000000"), names(finished(h)));
  }

  @Test
  void aBatchWhoseChannelCommitFailsAfterTheFlushIsInHdfsOnce(TestInfo info) throws Exception {
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.batchSize", "5");
    int[] commits = {0};
    h.channel.onCommit(() -> {
      if (++commits[0] == 2) {
        throw new IllegalStateException("the channel cannot commit (test)");
      }
    });
    h.offer(events(0, 15, Map.of()));
    assertEquals(1, h.drain(WAIT), "one failed commit");
    // HDFS truncates the first file (0-9) back to 0-4 by recovering its last block.
    List<String> lines = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : finished(h)) {
      lines.addAll(SinkHarness.readText(fs, p, hdfs.conf));
    }
    assertEquals(expected(15), lines, "every event once, none lost");
  }

  @Test
  void aFinalNameTakenWhileTheFileIsOpenIsNeverReplacedOnHdfs(TestInfo info) throws Exception {
    // A name taken before the sink opens a file is skipped (the next counter); this one is taken
    // by another writer while the sink's file is open, before its roll.
    SinkHarness h = harness(info, "hdfs.fileType", "DataStream", "hdfs.rollCount", "10",
        "hdfs.batchSize", "5");
    h.offer(events(0, 5, Map.of()));
    assertEquals(Status.READY, h.sink.process());
    org.apache.hadoop.fs.Path mine = files(fs, new org.apache.hadoop.fs.Path(dir)).get(0);
    assertTrue(mine.getName().endsWith(".tmp"), mine.toString());
    org.apache.hadoop.fs.Path theirs = new org.apache.hadoop.fs.Path(mine.getParent(),
        mine.getName().replaceFirst("\\.tmp$", ""));
    try (FSDataOutputStream out = fs.create(theirs)) {
      out.write("theirs\n".getBytes(StandardCharsets.UTF_8));
    }
    h.offer(events(5, 20, Map.of()));
    h.drain(WAIT); // fills the file: its rename finds the name taken; 10-19 go to the next file
    h.awaitClosed(WAIT);
    assertEquals(1, h.metric("FilesGivenUpCount"), "given up at once, not retried forever");
    assertEquals(List.of("theirs"), SinkHarness.readText(fs, theirs, hdfs.conf), "never replaced");
    assertEquals(expected(10), SinkHarness.readText(fs, mine, hdfs.conf), "kept under its in-use name");
    List<org.apache.hadoop.fs.Path> all = files(fs, new org.apache.hadoop.fs.Path(dir));
    assertEquals(3, all.size(), all::toString);
    assertEquals(IntStream.range(10, 20).mapToObj(i -> "event-" + i).toList(),
        SinkHarness.readText(fs, all.get(2), hdfs.conf), "the sink kept writing");
  }
}
