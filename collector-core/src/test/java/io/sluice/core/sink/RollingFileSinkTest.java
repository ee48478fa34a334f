package io.sluice.core.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigException;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.serialization.AvroEventSerializerFactory;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.MutableClock;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollingFileSinkTest {
  @TempDir Path dir;
  private final TestQueueChannel channel = new TestQueueChannel("c1", 10_000);
  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final MetricsRegistry metrics = new MetricsRegistry();

  private RollingFileSink sink(Map<String, String> extra) throws Exception {
    Map<String, String> raw = new java.util.HashMap<>(extra);
    raw.put("sink.directory", dir.toString());
    RollingFileSinkFactory f = new RollingFileSinkFactory();
    RollingFileSinkConfig config = Configs.configure(f, raw);
    RollingFileSink s = (RollingFileSink) f.create(config,
        DefaultComponentContext.builder("a1", "k1", metrics.group("SINK.k1")).channel(channel).clock(clock).build());
    s.start();
    return s;
  }

  private void offer(int from, int to) {
    List<Event> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      events.add(Event.of(("line-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    channel.putAllCommitted(events);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      // The sink's own state is in a hidden directory beside its files.
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private List<String> allLines() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : files()) {
      out.addAll(Files.readAllLines(p));
    }
    return out;
  }

  @Test
  void writesBatchesAndCountsLikeFlume() throws Exception {
    RollingFileSink s = sink(Map.of("sink.batchSize", "4", "sink.pathManager.prefix", "events-",
        "sink.pathManager.extension", "log"));
    offer(0, 10);
    assertEquals(Status.READY, s.process());
    assertEquals(Status.READY, s.process());
    assertEquals(Status.READY, s.process());
    assertEquals(Status.BACKOFF, s.process());
    s.stop();

    assertEquals(List.of(dir.resolve("events-1700000000000-1.log")), files());
    List<String> lines = allLines();
    assertEquals(10, lines.size());
    assertEquals("line-0", lines.get(0));
    assertEquals("line-9", lines.get(9));
    assertEquals(10, metrics.value("SINK.k1", "EventDrainSuccessCount"));
    assertEquals(10, metrics.value("SINK.k1", "EventDrainAttemptCount"));
    assertEquals(2, metrics.value("SINK.k1", "BatchCompleteCount"));
    assertEquals(1, metrics.value("SINK.k1", "BatchUnderflowCount"));
    assertEquals(1, metrics.value("SINK.k1", "BatchEmptyCount"));
  }

  @Test
  void rollsAfterTheIntervalOnTheSinksClock() throws Exception {
    RollingFileSink s = sink(Map.of("sink.rollInterval", "1"));
    offer(0, 3);
    s.process();
    Path first = s.currentFile();
    clock.advanceMillis(999);
    offer(3, 5);
    s.process();
    assertEquals(first, s.currentFile());
    clock.advanceMillis(1);
    assertEquals(Status.BACKOFF, s.process(), "the roll happens even with an empty channel");
    assertEquals(null, s.currentFile());
    offer(5, 7);
    s.process();
    assertNotEquals(first, s.currentFile());
    assertTrue(s.currentFile().getFileName().toString().endsWith("-2"));
    s.stop();

    List<Path> files = files();
    assertEquals(2, files.size());
    assertEquals(5, Files.readAllLines(files.get(0)).size());
    assertEquals(2, Files.readAllLines(files.get(1)).size());
  }

  @Test
  void batchIsOnDiskBeforeTheCommit() throws Exception {
    RollingFileSink s = sink(Map.of("sink.batchSize", "3"));
    List<Integer> linesSeenAtCommit = new ArrayList<>();
    channel.onCommit(() -> {
      try {
        linesSeenAtCommit.add(s.currentFile() == null ? 0 : Files.readAllLines(s.currentFile()).size());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    offer(0, 6);
    s.process();
    s.process();
    assertEquals(List.of(3, 6), linesSeenAtCommit);
    s.stop();
  }

  @Test
  void failedWriteRollsBackAndNamesTheSink() throws Exception {
    RollingFileSink s = sink(Map.of("sink.rollInterval", "0"));
    offer(0, 2);
    Files.delete(dir);
    Files.writeString(dir, "not a directory any more");
    io.sluice.api.EventDeliveryException e = assertThrows(io.sluice.api.EventDeliveryException.class, s::process);
    assertTrue(e.getMessage().contains("sink k1") && e.getMessage().contains("channel c1"), e.getMessage());
    assertEquals(2, channel.size(), "the batch went back to the channel");
    assertEquals(1, channel.rollbacks());
    s.stop();
  }

  @Test
  void unknownSerializerNameIsRefused() {
    var result = Configs.parse(new RollingFileSinkFactory(),
        Map.of("sink.directory", "x", "sink.serializer", "avro"));
    assertEquals("sink.serializer", result.problems().get(0).key());
    var missing = Configs.parse(new RollingFileSinkFactory(), Map.of());
    assertEquals("sink.directory", missing.problems().get(0).key());
  }

  /** Flume's avro_event: an Avro container of {headers, body}, readable after each commit. */
  @Test
  void avroEventWritesAnAvroContainerThatReadsBackAfterEachCommit() throws Exception {
    RollingFileSink s = sink(Map.of("sink.serializer", "avro_event",
        "sink.serializer.compressionCodec", "deflate", "sink.rollInterval", "0"));
    channel.putAllCommitted(List.of(
        Event.of(Map.of("host", "h1"), "first".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of(), new byte[] {0, (byte) 0xff, '\n'})));
    s.process();
    assertEquals(List.of("{host=h1} first", "{} [0, -1, 10]"), avroRecords(), "after the commit");
    offer(0, 1);
    s.process();
    s.stop();
    assertEquals(List.of("{host=h1} first", "{} [0, -1, 10]", "{} line-0"), avroRecords());
  }

  @Test
  void avroEventKeysAreCheckedAndTheOthersSerializersKeysRefused() {
    Map<String, String> badCodec = Map.of("sink.directory", "x", "sink.serializer",
        "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder",
        "sink.serializer.compressionCodec", "lzo");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Configs.configure(new RollingFileSinkFactory(), badCodec));
    assertEquals("sink.serializer.compressionCodec", e.problems().get(0).key());
    assertTrue(e.problems().get(0).message().contains("'lzo'"), e.getMessage());

    ConfigException newline = assertThrows(ConfigException.class, () -> Configs.configure(
        new RollingFileSinkFactory(), Map.of("sink.directory", "x", "sink.serializer",
            "avro_event", "sink.serializer.appendNewline", "false")));
    assertEquals("sink.serializer.appendNewline", newline.problems().get(0).key());
    ConfigException codecOnText = assertThrows(ConfigException.class, () -> Configs.configure(
        new RollingFileSinkFactory(), Map.of("sink.directory", "x",
            "sink.serializer.syncIntervalBytes", "4096")));
    assertEquals("sink.serializer.syncIntervalBytes", codecOnText.problems().get(0).key());
  }

  /** Every record of every file, read with Avro's own reader: "{headers} body". */
  private List<String> avroRecords() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : files()) {
      try (DataFileReader<GenericRecord> r = new DataFileReader<>(p.toFile(),
          new GenericDatumReader<>())) {
        assertEquals(AvroEventSerializerFactory.SCHEMA, r.getSchema());
        for (GenericRecord rec : r) {
          byte[] body = ((ByteBuffer) rec.get("body")).array();
          String text = body.length > 0 && body[0] == 0 ? Arrays.toString(body)
              : new String(body, StandardCharsets.UTF_8);
          out.add(new TreeMap<>((Map<?, ?>) rec.get("headers")).toString()
              + " " + text);
        }
      }
    }
    return out;
  }

  /**
   * A kill mid-write leaves part of a batch that never committed at the end of the file; the next
   * start cuts the file back to its last commit, and the channel's redelivery goes to a new file.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TEXT", "avro_event"})
  void aBatchTornByAKillIsCutOffAtTheNextStart(String serializer) throws Exception {
    Map<String, String> keys = Map.of("sink.serializer", serializer, "sink.batchSize", "3", "sink.rollInterval", "0");
    RollingFileSink killed = sink(keys);
    offer(0, 3);
    killed.process();
    Path file = killed.currentFile();
    byte[] atCommit = Files.readAllBytes(file);
    // What a kill leaves: the first bytes of the next batch, written but never committed.
    Files.write(file, "line-3\nline-4\nli".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    clock.advanceMillis(1_000);
    RollingFileSink restarted = sink(keys);
    assertArrayEquals(atCommit, Files.readAllBytes(file), "the torn batch was not cut off");
    offer(3, 5);
    restarted.process();
    restarted.stop();
    List<String> expected = IntStream.range(0, 5).mapToObj(i -> "line-" + i).toList();
    if (serializer.equals("TEXT")) {
      assertEquals(expected, allLines());
    } else {
      assertEquals(expected.stream().map(l -> "{} " + l).toList(), avroRecords());
    }
    assertEquals(2, files().size());
  }

  @Test
  void noNewlineWhenDisabled() throws Exception {
    RollingFileSink s = sink(Map.of("sink.serializer.appendNewline", "false"));
    offer(0, 2);
    s.process();
    s.stop();
    assertEquals("line-0line-1", Files.readString(files().get(0)));
  }
}
