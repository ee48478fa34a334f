package io.sluice.core.channel.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment files reused after a checkpoint retired them: past a reused segment's records lie the
 * records of its earlier life (salted with another salt), and replay must read exactly its own
 * records, whether the segment was rolled (its header records its end) or is the newest.
 */
class FileChannelSegmentReuseTest {
  private static final Duration KEEP_ALIVE = Duration.ofMillis(20);

  @TempDir Path tmp;
  private final List<FileChannel> opened = new ArrayList<>();

  @AfterEach
  void stopAll() {
    opened.forEach(FileChannel::stop);
  }

  @Test
  void reusedSegmentsReplayExactlyTheirOwnRecordsAfterAStop() throws Exception {
    FileChannelConfig config = config();
    List<String> expected = fillReusedSegments(config);
    assertEquals(expected, drain(start(config)));
  }

  @Test
  void reusedSegmentsReplayExactlyTheirOwnRecordsWhenTheNewestHeaderLags() throws Exception {
    FileChannelConfig config = config();
    List<String> expected = fillReusedSegments(config);
    // A kill before the header's last synced offset was written: it claims only the header.
    Path newest = segments(config).get(segments(config).size() - 1);
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
      f.seek(16);
      f.writeLong(LogSegment.HEADER_SIZE);
    }
    assertEquals(expected, drain(start(config)));
  }

  @Test
  void damageInsideARolledReusedSegmentIsStillRefused() throws Exception {
    FileChannelConfig config = config();
    fillReusedSegments(config);
    Path rolled = null;
    for (Path p : segments(config).subList(0, segments(config).size() - 1)) {
      try (LogSegment s = LogSegment.open(p)) {
        if (s.recycled()) {
          rolled = p;
        }
      }
    }
    assertTrue(rolled != null, "no rolled reused segment");
    FileChannelRecoveryTest.flipByte(rolled, LogSegment.HEADER_SIZE + 20); // inside its first record
    IOException e = assertThrows(IOException.class, channel(config)::start);
    assertTrue(e.getMessage().contains(rolled.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("skipCorruptRecords"), e.getMessage());
  }

  @Test
  void retiredFilesAreKeptAcrossARestartAndReused() throws Exception {
    FileChannelConfig config = config();
    FileChannel ch = start(config);
    churn(ch, "old", 40);
    ch.checkpoint();
    assertEquals(DataDirLog.RETIRED_SEGMENTS, retired(config).size());
    ch.stop();
    opened.remove(ch);

    FileChannel again = start(config);
    Path first = segments(config).get(segments(config).size() - 1);
    try (LogSegment s = LogSegment.open(first)) {
      assertTrue(s.recycled(), "the restarted channel's first segment is a retired file");
    }
    for (int t = 0; t < 5; t++) {
      put(again, "new", t, 10, 10);
    }
    again.stop();
    opened.remove(again);
    assertEquals(ids("new", 5), drain(start(config)));
  }

  @Test
  void aLogThatKeepsUpReusesEverySegmentAfterItsFirstTwo() throws Exception {
    // A 3 s interval lets early checkpoints come every 300 ms; each segment below is freed well
    // within one interval, so the early checkpoints (not the periodic one) retire them.
    FileChannelConfig config = new FileChannelConfig(tmp.resolve("checkpoint"), null,
        List.of(tmp.resolve("data")), 100_000, 100, Duration.ofSeconds(3), 64 << 10, 1,
        KEEP_ALIVE, false, false);
    FileChannel ch = start(config);
    int rolls = 8;
    int tx = 0;
    int taken = 0;
    for (int roll = 1; roll <= rolls; roll++) {
      long started = started(ch);
      while (started(ch) == started) {
        put(ch, "e", tx++, 10, 1024);
        taken += drain(ch).size();
      }
      // The segment before the new one holds nothing now: a checkpoint frees it without anyone
      // asking, sooner than the interval, and it waits as a retired file for the next roll.
      await().atMost(Duration.ofMillis(2500)).until(() -> !retired(config).isEmpty());
    }
    assertEquals(tx * 10, taken);
    // The first segment and the one after it are new files; from the third on, each reuses the
    // file of the segment before the one it follows.
    assertEquals(2, ch.segmentStats()[0], "new segment files");
    assertEquals(rolls - 1, ch.segmentStats()[1], "reused segment files");
  }

  private static long started(FileChannel ch) {
    long[] s = ch.segmentStats();
    return s[0] + s[1];
  }

  /**
   * Puts and takes 1 KiB events through several 64 KiB segments, checkpoints (so two are retired),
   * then puts 100-byte events until both retired files are reused as segments, the last of them
   * newest with records of its earlier life beyond its own, and stops without a checkpoint (so
   * replay reads the reused segments); returns the ids put in the second phase.
   */
  private List<String> fillReusedSegments(FileChannelConfig config) throws Exception {
    FileChannel ch = start(config);
    churn(ch, "old", 40);
    ch.checkpoint();
    assertEquals(DataDirLog.RETIRED_SEGMENTS, retired(config).size(), "segments retired");
    List<String> expected = new ArrayList<>();
    int tx = 0;
    while (!retired(config).isEmpty()) {
      expected.addAll(put(ch, "new", tx++, 10, 100));
      assertTrue(tx < 10_000, "the retired files were never reused");
    }
    // A few more, so the newest reused segment holds records of both lives.
    for (int i = 0; i < 3; i++) {
      expected.addAll(put(ch, "new", tx++, 10, 100));
    }
    Path newest = segments(config).get(segments(config).size() - 1);
    try (LogSegment s = LogSegment.open(newest)) {
      assertTrue(s.recycled(), "the newest segment is a reused file");
    }
    assertTrue(Files.size(newest) > 32 << 10, "its earlier life's records lie beyond its own");
    ch.stop();
    opened.remove(ch);
    return expected;
  }

  private static void churn(FileChannel ch, String prefix, int transactions) {
    for (int t = 0; t < transactions; t++) {
      put(ch, prefix, t, 10, 1024);
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        assertEquals(10, tx.take(10).size());
        tx.commit();
      }
    }
  }

  private static List<String> put(FileChannel ch, String prefix, int t, int n, int bodyBytes) {
    List<String> ids = new ArrayList<>();
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = 0; i < n; i++) {
        String id = prefix + t + "-" + i;
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) ('a' + i % 26));
        tx.put(Event.of(Map.of("id", id), body));
        ids.add(id);
      }
      tx.commit();
    }
    return ids;
  }

  private static List<String> drain(FileChannel ch) {
    List<String> out = new ArrayList<>();
    while (true) {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        List<Event> got = tx.take(100);
        tx.commit();
        if (got.isEmpty()) {
          return out;
        }
        got.forEach(e -> out.add(e.getHeaders().get("id")));
      }
    }
  }

  private static List<String> ids(String prefix, int transactions) {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < transactions; t++) {
      for (int i = 0; i < 10; i++) {
        out.add(prefix + t + "-" + i);
      }
    }
    return out;
  }

  private FileChannelConfig config() {
    // 64 KiB segments, no periodic or closing checkpoint: replay reads every reused segment.
    return new FileChannelConfig(tmp.resolve("checkpoint"), null, List.of(tmp.resolve("data")),
        100_000, 100, Duration.ofHours(1), 64 << 10, 1, KEEP_ALIVE, false, false);
  }

  private static List<Path> segments(FileChannelConfig config) throws IOException {
    try (var files = Files.list(config.dataDirs().get(0))) {
      return files.filter(p -> LogSegment.idOf(p) > 0).sorted().toList();
    }
  }

  private static List<Path> retired(FileChannelConfig config) throws IOException {
    try (var files = Files.list(config.dataDirs().get(0))) {
      return files.filter(LogSegment::isRetired).toList();
    }
  }

  private FileChannel channel(FileChannelConfig config) {
    return new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("c1")).build(), DiskSpace.fileSystem());
  }

  private FileChannel start(FileChannelConfig config) throws Exception {
    FileChannel ch = channel(config);
    ch.start();
    opened.add(ch);
    return ch;
  }
}
