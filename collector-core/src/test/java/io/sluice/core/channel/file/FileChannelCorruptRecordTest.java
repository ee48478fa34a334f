package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.rpc.LogCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record that rots in the log while the channel runs: quarantined by default, never a stall. */
class FileChannelCorruptRecordTest {
  @TempDir Path tmp;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private FileChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.stop();
    }
  }

  private FileChannel open(boolean stopOnCorrupt) throws IOException {
    // No tail cache: takes read the file, as they do for any backlog older than the cache.
    FileChannelConfig config = new FileChannelConfig(tmp.resolve("checkpoint"), null,
        List.of(tmp.resolve("data")), 1000, 100, Duration.ofHours(1), 1 << 20, 1 << 20,
        Duration.ofMillis(20), true, false, 0, stopOnCorrupt);
    FileChannel ch = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", metrics.group("c1")).build());
    ch.start();
    return ch;
  }

  @Test
  void aChecksumFlipInALiveRecordIsQuarantinedCountedAndTheRestFlows() throws Exception {
    channel = open(false);
    put(channel, 5);
    flipByteOf("event-2");

    List<String> got = new ArrayList<>();
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      tx.take(100).forEach(e -> got.add(new String(e.getBody(), StandardCharsets.UTF_8)));
      tx.commit();
    }
    assertEquals(List.of("event-0", "event-1", "event-3", "event-4"), got);
    assertEquals(0, channel.size(), "the quarantined record was committed away with the take");
    assertEquals(1, metric("CorruptRecordCount"));

    put(channel, 2); // and the channel goes on
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      assertEquals("event-0", new String(tx.take().getBody(), StandardCharsets.UTF_8));
      tx.commit();
    }
  }

  @Test
  void eventByEventTakesSkipTheQuarantinedRecordToo() throws Exception {
    channel = open(false);
    put(channel, 3);
    flipByteOf("event-0");
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      assertEquals("event-1", new String(tx.take().getBody(), StandardCharsets.UTF_8));
      assertEquals("event-2", new String(tx.take().getBody(), StandardCharsets.UTF_8));
      tx.commit();
    }
    assertEquals(0, channel.size());
    assertEquals(1, metric("CorruptRecordCount"));
  }

  @Test
  void withCorruptRecordsStopTheEventStaysAndTakesFailNamingTheFileAndOffset() throws Exception {
    channel = open(true);
    put(channel, 3);
    flipByteOf("event-0");
    for (int attempt = 0; attempt < 2; attempt++) {
      ChannelException e = assertThrows(ChannelException.class, () -> {
        try (Transaction tx = channel.getTransaction()) {
          tx.begin();
          tx.take(10);
          tx.commit();
        }
      });
      assertTrue(e.getMessage().contains("log-00000001.wal") && e.getMessage().contains("offset"),
          e.getMessage());
    }
    assertEquals(3, channel.size(), "nothing dropped");
    assertEquals(0, metric("CorruptRecordCount"));
  }

  /**
   * Review C1: a damaged length on the take path, under the 256 MiB cap but past the end of the
   * file (so the record is read alone, by {@code LogSegment.readRecord}), is quarantined with one
   * error naming the file and offset, without allocating the length; the rest flows.
   */
  @Test
  void aHugeRecordLengthOnTheTakePathIsQuarantinedWithoutAllocatingIt() throws Exception {
    channel = open(false);
    put(channel, 3);
    long offset = setLengthOfRecordHolding("event-1", 200 << 20);
    List<String> got = new ArrayList<>();
    try (LogCapture log = LogCapture.capture(Level.ERROR)) {
      long allocated = allocatedBy(() -> {
        try (Transaction tx = channel.getTransaction()) {
          tx.begin();
          tx.take(10).forEach(e -> got.add(new String(e.getBody(), StandardCharsets.UTF_8)));
          tx.commit();
        }
      });
      assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
      List<String> lines = log.linesContaining("quarantined the event");
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains(LogSegment.fileName(1) + " at offset " + offset
          + ": record of 209715200 bytes runs past end of file"), lines.get(0));
    }
    assertEquals(List.of("event-0", "event-2"), got);
    assertEquals(0, channel.size());
    assertEquals(1, metric("CorruptRecordCount"));
  }

  @Test
  void withCorruptRecordsStopAHugeRecordLengthFailsTheTakeNamingTheFileAndOffset()
      throws Exception {
    channel = open(true);
    put(channel, 2);
    long offset = setLengthOfRecordHolding("event-0", 200 << 20);
    long allocated = allocatedBy(() -> {
      ChannelException e = assertThrows(ChannelException.class, () -> {
        try (Transaction tx = channel.getTransaction()) {
          tx.begin();
          tx.take(10);
          tx.commit();
        }
      });
      assertTrue(e.getMessage().contains(LogSegment.fileName(1) + " at offset " + offset
          + ": record of 209715200 bytes runs past end of file"), e.getMessage());
    });
    assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
    assertEquals(2, channel.size(), "nothing dropped");
    assertEquals(0, metric("CorruptRecordCount"));
  }

  /** Bytes the calling thread allocated while running {@code body}. */
  private static long allocatedBy(Runnable body) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    body.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Overwrites the length of the record whose bytes hold {@code body} (its checksum is left as it
   * was) and returns the record's offset, found by walking the records from the segment header.
   */
  private long setLengthOfRecordHolding(String body, int length) throws IOException {
    Path segment = tmp.resolve("data").resolve(LogSegment.fileName(1));
    byte[] bytes = Files.readAllBytes(segment);
    int at = indexOf(bytes, body.getBytes(StandardCharsets.UTF_8));
    assertTrue(at > 0, body + " is in " + segment);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long offset = LogSegment.HEADER_SIZE;
    while (offset + LogRecord.HEADER + b.getInt((int) offset) <= at) {
      offset += LogRecord.HEADER + b.getInt((int) offset);
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(offset);
      f.writeInt(length);
    }
    return offset;
  }

  private long metric(String name) {
    return metrics.value("c1", name);
  }

  private static void put(FileChannel ch, int n) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = 0; i < n; i++) {
        tx.put(Event.of(("event-" + i).getBytes(StandardCharsets.UTF_8)));
      }
      tx.commit();
    }
  }

  /** Flips the last byte of the body {@code body} in the segment file: its checksum no longer fits. */
  private void flipByteOf(String body) throws IOException {
    Path segment = tmp.resolve("data").resolve(LogSegment.fileName(1));
    byte[] bytes = Files.readAllBytes(segment);
    byte[] needle = body.getBytes(StandardCharsets.UTF_8);
    int at = indexOf(bytes, needle);
    assertTrue(at > 0, body + " is in " + segment);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(at + needle.length - 1);
      f.write(bytes[at + needle.length - 1] ^ 0x01);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
