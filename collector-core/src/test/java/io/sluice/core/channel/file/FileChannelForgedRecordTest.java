package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * Review finding F5: event bodies are the senders' bytes, so replay's search for the next good
 * record must never land on a record forged in one, and damaged lengths must not make it read or
 * allocate the rest of the file; segments of the older formats are still replayed.
 */
class FileChannelForgedRecordTest {
  @TempDir Path tmp;
  private final List<FileChannel> opened = new ArrayList<>();

  @AfterEach
  void stopAll() {
    opened.forEach(FileChannel::stop);
  }

  @Test
  void aTakeAndCommitForgedInAnEventBodyAreNeverReplayedWhenSkippingDamage() throws Exception {
    FileChannel ch = start(config(true));
    put(ch, "victim", "victim".getBytes(StandardCharsets.UTF_8));
    // Byte-exact TAKE and COMMIT records of the log's format (as an older, unsalted segment
    // holds them) that take the victim, followed by bytes that damage will hit.
    ByteBuffer forged = ByteBuffer.allocate(LogRecord.TAKE_SIZE + LogRecord.COMMIT_SIZE + 16);
    LogRecord.appendTake(forged, Pointer.of(0, 1, LogSegment.HEADER_SIZE), 0);
    LogRecord.appendCommit(forged, 999, 0, 1, 0);
    forged.put("damage-goes-here".getBytes(StandardCharsets.UTF_8));
    put(ch, "carrier", forged.array());
    ch.stop();
    Path segment = tmp.resolve("data").resolve(LogSegment.fileName(1));
    flipByteAfter(segment, "damage-goes-here");
    Files.deleteIfExists(tmp.resolve("checkpoint").resolve(Checkpoint.FILE));

    assertEquals(List.of("victim"), takeIds(start(config(true))),
        "the carrier's transaction is dropped and the forged take is not replayed");
  }

  @Test
  void damagedLengthsMakeReplayReadInPiecesNeverAllocateTheirSize() throws Exception {
    Path segment = aThenB(true);
    // The first record and the probes after it claim 20 MiB records in a file grown (sparse) to
    // hold them.
    int claimed = 20 << 20;
    ByteBuffer damage = ByteBuffer.allocate(32);
    while (damage.hasRemaining()) {
      damage.putInt(claimed);
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(LogSegment.HEADER_SIZE);
      f.write(damage.array());
      f.setLength(32 << 20);
    }
    Files.deleteIfExists(tmp.resolve("checkpoint").resolve(Checkpoint.FILE));

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    FileChannel again = start(config(true));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < claimed / 2, "replay allocated " + allocated + " bytes");
    assertEquals(List.of("b"), takeIds(again), "only the damaged transaction is lost");
  }

  @Test
  void segmentsOfFormatTwoAreStillReplayed() throws Exception {
    OldSegmentFormats.toVersion2(aThenB(false));
    Files.deleteIfExists(tmp.resolve("checkpoint").resolve(Checkpoint.FILE));

    FileChannel again = start(config(false));
    assertEquals(List.of("a", "b"), takeIds(again));
    put(again, "c", "c".getBytes(StandardCharsets.UTF_8));
    again.stop();
    assertEquals(List.of("c"), takeIds(start(config(false))), "new records go to a new segment");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private FileChannelConfig config(boolean skip) {
    return new FileChannelConfig(tmp.resolve("checkpoint"), null, List.of(tmp.resolve("data")),
        1000, 100, Duration.ofHours(1), 1 << 20, 1, Duration.ofMillis(20), false, skip);
  }

  /** Commits events a and b, one transaction each, and stops; returns the segment. */
  private Path aThenB(boolean skip) throws Exception {
    FileChannel ch = start(config(skip));
    put(ch, "a", "a".getBytes(StandardCharsets.UTF_8));
    put(ch, "b", "b".getBytes(StandardCharsets.UTF_8));
    ch.stop();
    return tmp.resolve("data").resolve(LogSegment.fileName(1));
  }

  private FileChannel start(FileChannelConfig config) throws Exception {
    FileChannel ch = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("CHANNEL.c1")).build());
    ch.start();
    opened.add(ch);
    return ch;
  }

  private static void put(FileChannel ch, String id, byte[] body) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(Event.of(Map.of("id", id), body));
      tx.commit();
    }
  }

  private static List<String> takeIds(FileChannel ch) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<String> out = tx.take(100).stream().map(e -> e.getHeaders().get("id")).toList();
      tx.commit();
      return out;
    }
  }

  /** Flips the byte just after {@code marker} in the file. */
  private static void flipByteAfter(Path file, String marker) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    int at = -1;
    for (int i = 0; i + needle.length <= bytes.length && at < 0; i++) {
      if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        at = i + needle.length - 1;
      }
    }
    assertTrue(at > 0, marker + " is in " + file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      f.write(bytes[at] ^ 0x5A);
    }
  }
}
