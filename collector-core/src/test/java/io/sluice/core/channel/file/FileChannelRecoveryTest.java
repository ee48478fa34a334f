package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corruption injection: torn tails, damaged records, missing, old and corrupt checkpoints. */
class FileChannelRecoveryTest {
  private static final Duration KEEP_ALIVE = Duration.ofMillis(20);

  @TempDir Path tmp;
  private final List<FileChannel> opened = new ArrayList<>();

  @AfterEach
  void stopAll() {
    opened.forEach(FileChannel::stop);
  }

  @Test
  void tornTailIsCutOffAndEarlierCommitsSurvive() throws Exception {
    FileChannelConfig config = config(false, false, false);
    Path segment = transactions(config, 5);
    long end = dataEnd(segment);
    List<Long> ends = transactionEnds(segment);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(end - 7); // power loss: the last commit's tail never reached the disk
    }
    recordSynced(segment, ends.get(3)); // nor did the header's synced offset after t3

    FileChannel again = start(config);
    assertEquals(12, again.size());
    assertEquals(ids("t0-", 3, "t1-", 3, "t2-", 3, "t3-", 3), takeIds(again, 100));
  }

  @Test
  void damageInTheMiddleStopsStartNamingFileAndOffsetUnlessSkippingIsAllowed() throws Exception {
    FileChannelConfig config = config(false, false, false);
    FileChannel ch = start(config);
    for (int t = 0; t < 4; t++) {
      put(ch, "t" + t + "-", 3);
    }
    ch.stop();
    Path segment = oldestSegment(config.dataDirs().get(0));
    long offset = LogSegment.HEADER_SIZE + 20; // inside the first PUT record of t0
    flipByte(segment, offset);

    FileChannel refused = channel(config);
    IOException e = assertThrows(IOException.class, refused::start);
    assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + LogSegment.HEADER_SIZE), e.getMessage());
    assertTrue(e.getMessage().contains("skipCorruptRecords"), e.getMessage());

    FileChannel skipping = start(config(false, false, true));
    assertEquals(ids("t1-", 3, "t2-", 3, "t3-", 3), takeIds(skipping, 100),
        "only the damaged transaction is lost");
  }

  @Test
  void missingCheckpointMeansAFullReplay() throws Exception {
    FileChannelConfig config = config(true, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 5);
    take(ch, 2);
    put(ch, "b", 2);
    ch.stop();
    Files.delete(config.checkpointDir().resolve(Checkpoint.FILE));

    assertEquals(List.of("a2", "a3", "a4", "b0", "b1"), takeIds(start(config), 100));
  }

  @Test
  void checkpointFromAnOlderStateIsCaughtUpByReplay() throws Exception {
    FileChannelConfig config = config(true, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 4);
    ch.stop();
    Path cp = config.checkpointDir().resolve(Checkpoint.FILE);
    Path old = tmp.resolve("old-checkpoint");
    Files.copy(cp, old);

    ch = start(config);
    take(ch, 3);
    put(ch, "b", 2);
    ch.stop();
    Files.copy(old, cp, StandardCopyOption.REPLACE_EXISTING);

    assertEquals(List.of("a3", "b0", "b1"), takeIds(start(config), 100));
  }

  @Test
  void corruptCheckpointFallsBackToTheBackupThenToReplay() throws Exception {
    FileChannelConfig config = config(true, true, false);
    FileChannel ch = start(config);
    put(ch, "a", 3);
    take(ch, 1);
    ch.stop();
    flipByte(config.checkpointDir().resolve(Checkpoint.FILE), 30);

    ch = start(config);
    assertEquals(2, ch.size());
    ch.stop();
    flipByte(config.checkpointDir().resolve(Checkpoint.FILE), 30);
    flipByte(config.backupCheckpointDir().resolve(Checkpoint.FILE), 30);

    assertEquals(List.of("a1", "a2"), takeIds(start(config), 100));
  }

  @Test
  void checkpointCountThatOverflowsItsSizeCheckFallsBackToReplay() throws Exception {
    FileChannelConfig config = config(true, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 3);
    take(ch, 1);
    ch.stop();
    // magic, version, sequence, one directory's position, then the count (2): bit 60 set makes
    // count * 8 negative, which passed the old size check and overran the array it sized.
    try (RandomAccessFile f = new RandomAccessFile(
        config.checkpointDir().resolve(Checkpoint.FILE).toFile(), "rw")) {
      f.seek(8 + 4 + 8 + 4 + 12);
      f.writeLong((1L << 60) | 1);
    }
    assertEquals(List.of("a1", "a2"), takeIds(start(config), 100));
  }

  @Test
  void zeroFilledHoleFollowedByDataIsDamageNotAnEnd() throws Exception {
    FileChannelConfig config = config(false, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 2);
    put(ch, "b", 2);
    ch.stop();
    Path segment = oldestSegment(config.dataDirs().get(0));
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(LogSegment.HEADER_SIZE);
      f.write(new byte[8]); // length and checksum of the first record zeroed
    }
    IOException e = assertThrows(IOException.class, () -> channel(config).start());
    assertTrue(e.getMessage().contains("offset " + LogSegment.HEADER_SIZE), e.getMessage());
  }

  @Test
  void holeInTheUnsyncedTailFollowedByGoodRecordsIsCutNotRefused() throws Exception {
    FileChannelConfig config = config(false, false, false);
    // Power loss after t1 was synced: t2's first page never reached the disk (preallocated zeros),
    // while later pages of the same unsynced run (t3, t4) did.
    Path segment = transactions(config, 5);
    List<Long> ends = transactionEnds(segment);
    recordSynced(segment, ends.get(1));
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(ends.get(1));
      f.write(new byte[20]);
    }

    FileChannel again = start(config);
    assertEquals(ids("t0-", 3, "t1-", 3), takeIds(again, 100), "the unsynced run is cut at t2");
  }

  @Test
  void damageBeforeTheSyncedOffsetStopsStartEvenWithNothingAfterIt() throws Exception {
    FileChannelConfig config = config(false, false, false);
    Path segment = transactions(config, 3);
    List<Long> ends = transactionEnds(segment);
    recordSynced(segment, ends.get(2));
    flipByte(segment, ends.get(2) - 3); // the last, acknowledged COMMIT

    IOException e = assertThrows(IOException.class, () -> channel(config).start());
    assertTrue(e.getMessage().contains(segment + " at offset"), e.getMessage());
    assertTrue(e.getMessage().contains("skipCorruptRecords"), e.getMessage());
  }

  @Test
  void version1SegmentsWithoutASyncedOffsetAreStillReplayed() throws Exception {
    FileChannelConfig config = config(false, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 2);
    put(ch, "b", 2);
    ch.stop();
    Path segment = oldestSegment(config.dataDirs().get(0));
    OldSegmentFormats.toVersion1(segment);
    // Its positions are offsets of the current format's file: replay all of the log instead.
    Files.delete(config.checkpointDir().resolve(Checkpoint.FILE));

    assertEquals(List.of("a0", "a1", "b0", "b1"), takeIds(start(config), 100));
  }

  @Test
  void segmentCutShortBeforeItsHeaderIsDiscarded() throws Exception {
    FileChannelConfig config = config(true, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 2);
    ch.stop();
    Files.write(config.dataDirs().get(0).resolve(LogSegment.fileName(999)), new byte[5]);

    assertEquals(List.of("a0", "a1"), takeIds(start(config), 100));
    assertTrue(Files.notExists(config.dataDirs().get(0).resolve(LogSegment.fileName(999))));
  }

  /** A power loss before the header was forced may leave its length allocated but zeros in it. */
  @Test
  void segmentOfZerosWhoseHeaderNeverReachedTheDiskIsDiscarded() throws Exception {
    FileChannelConfig config = twoEventsStopped();
    Path zeros = config.dataDirs().get(0).resolve(LogSegment.fileName(998));
    Path allocated = config.dataDirs().get(0).resolve(LogSegment.fileName(999));
    Files.write(zeros, new byte[LogSegment.HEADER_SIZE]);
    Files.write(allocated, new byte[DataDirLog.PREALLOCATE_CHUNK]);

    assertEquals(List.of("a0", "a1"), takeIds(start(config), 100));
    assertTrue(Files.notExists(zeros) && Files.notExists(allocated));
  }

  @Test
  void zeroedHeaderOverRecordsIsRefusedNamingTheFile() throws Exception {
    FileChannelConfig config = twoEventsStopped();
    Path damaged = config.dataDirs().get(0).resolve(LogSegment.fileName(999));
    byte[] bytes = new byte[4096];
    bytes[100] = 1; // something was written after the header: not a never-finished segment
    Files.write(damaged, bytes);

    IOException e = assertThrows(IOException.class, () -> channel(config).start());
    assertTrue(e.getMessage().contains(damaged.toString()), e.getMessage());
    assertTrue(Files.exists(damaged), "kept for the operator");
  }

  @Test
  void reorderedDataDirsAreRefusedNamingTheDirectoryAndItsFormerPlace() throws Exception {
    Path d1 = tmp.resolve("d1");
    Path d2 = tmp.resolve("d2");
    FileChannelConfig ordered = new FileChannelConfig(tmp.resolve("checkpoint"), null,
        List.of(d1, d2), 1000, 100, Duration.ofHours(1), 1 << 20, 1, KEEP_ALIVE, true, false);
    FileChannel ch = start(ordered);
    put(ch, "a", 4);
    ch.stop();
    FileChannelConfig swapped = new FileChannelConfig(tmp.resolve("checkpoint"), null,
        List.of(d2, d1), 1000, 100, Duration.ofHours(1), 1 << 20, 1, KEEP_ALIVE, true, false);
    IOException e = assertThrows(IOException.class, () -> channel(swapped).start());
    assertTrue(e.getMessage().contains(d2 + " was dataDirs[1] and is now dataDirs[0]"), e.getMessage());
    assertEquals(List.of("a0", "a1", "a2", "a3"), takeIds(start(ordered), 100), "nothing touched");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A channel that committed a0 and a1 and stopped cleanly. */
  private FileChannelConfig twoEventsStopped() throws Exception {
    FileChannelConfig config = config(true, false, false);
    FileChannel ch = start(config);
    put(ch, "a", 2);
    ch.stop();
    return config;
  }

  private FileChannelConfig config(boolean checkpointOnClose, boolean dual, boolean skip) {
    return new FileChannelConfig(tmp.resolve("checkpoint"), dual ? tmp.resolve("backup") : null,
        List.of(tmp.resolve("data")), 1000, 100, Duration.ofHours(1), 1 << 20, 1, KEEP_ALIVE,
        checkpointOnClose, skip);
  }

  private FileChannel channel(FileChannelConfig config) {
    return new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("CHANNEL.c1")).build());
  }

  private FileChannel start(FileChannelConfig config) throws Exception {
    FileChannel ch = channel(config);
    ch.start();
    opened.add(ch);
    return ch;
  }

  private static void put(FileChannel ch, String prefix, int n) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = 0; i < n; i++) {
        tx.put(Event.of(Map.of("id", prefix + i), (prefix + i).getBytes(StandardCharsets.UTF_8)));
      }
      tx.commit();
    }
  }

  private static void take(FileChannel ch, int n) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(n, tx.take(n).size());
      tx.commit();
    }
  }

  private static List<String> takeIds(FileChannel ch, int max) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<String> out = tx.take(max).stream().map(e -> e.getHeaders().get("id")).toList();
      tx.commit();
      return out;
    }
  }

  private static List<String> ids(Object... prefixAndCount) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < prefixAndCount.length; i += 2) {
      for (int n = 0; n < (Integer) prefixAndCount[i + 1]; n++) {
        out.add(prefixAndCount[i] + "" + n);
      }
    }
    return out;
  }

  private static Path newestSegment(Path dir) throws IOException {
    return segments(dir).reduce((a, b) -> b).orElseThrow();
  }

  private static Path oldestSegment(Path dir) throws IOException {
    return segments(dir).findFirst().orElseThrow();
  }

  /** Segments holding records (more than a header), by id. */
  private static Stream<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> withData = new ArrayList<>();
      for (Path p : files.filter(p -> LogSegment.idOf(p) > 0).sorted().toList()) {
        if (dataEnd(p) > LogSegment.HEADER_SIZE) {
          withData.add(p);
        }
      }
      return withData.stream();
    }
  }

  /** Offset after the last non-zero byte (the preallocated zeros are not data). */
  private static long dataEnd(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    while (end > 0 && all[end - 1] == 0) {
      end--;
    }
    return end;
  }

  /** Commits {@code n} transactions t0.. of 3 events each, stops; returns the segment. */
  private Path transactions(FileChannelConfig config, int n) throws Exception {
    FileChannel ch = start(config);
    for (int t = 0; t < n; t++) {
      put(ch, "t" + t + "-", 3);
    }
    ch.stop();
    return newestSegment(config.dataDirs().get(0));
  }

  /** Offsets just past each COMMIT record of a segment, in order. */
  private static List<Long> transactionEnds(Path segment) throws IOException {
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Long> ends = new ArrayList<>();
    int at = LogSegment.HEADER_SIZE;
    while (at + LogRecord.HEADER < all.limit() && all.getInt(at) > 0) {
      int length = all.getInt(at);
      if (all.get(at + LogRecord.HEADER) == LogRecord.COMMIT) {
        ends.add((long) at + LogRecord.HEADER + length);
      }
      at += LogRecord.HEADER + length;
    }
    return ends;
  }

  /** Sets the synced offset in a segment's header, as the last durable header write left it. */
  private static void recordSynced(Path segment, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(16);
      f.writeLong(offset);
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5A);
    }
  }
}
