package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The take path: the tail cache serves takers that keep up without reading the file; a backlog is
 * read in windows (one read for many records); both give back exactly what was put, including
 * non-ASCII headers, events larger than the window or the cache, and across segment rolls.
 */
class FileChannelReadPathTest {
  @TempDir Path tmp;
  private final List<FileChannel> open = new ArrayList<>();

  @AfterEach
  void stopAll() {
    open.forEach(FileChannel::stop);
  }

  private FileChannel channel(String name, long maxFileSize, long cacheBytes) throws Exception {
    Path root = tmp.resolve(name);
    FileChannelConfig config = new FileChannelConfig(root.resolve("checkpoint"), null,
        List.of(root.resolve("data")), 1_000_000, 10_000, Duration.ofSeconds(30), maxFileSize,
        1, Duration.ofMillis(20), true, false, cacheBytes);
    return start(config);
  }

  private FileChannel start(FileChannelConfig config) throws Exception {
    FileChannel ch = new FileChannel(config,
        DefaultComponentContext.builder("a1", "c1", new MetricsRegistry().group("c1")).build());
    ch.start();
    open.add(ch);
    return ch;
  }

  private static Event event(int i, int bodySize) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("id", Integer.toString(i));
    headers.put("host", "h\u00e9t\u00e9-\u6771\u4eac-\uD83D\uDE00"); // 2, 3 and 4 UTF-8 bytes
    byte[] body = new byte[bodySize];
    new Random(i).nextBytes(body);
    return Event.of(headers, body);
  }

  private static void put(FileChannel ch, int from, int count, int bodySize) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = from; i < from + count; i++) {
        tx.put(event(i, bodySize));
      }
      tx.commit();
    }
  }

  /** Takes {@code count} events and checks they are {@code from..from+count-1}, intact. */
  private static void takeAndCheck(FileChannel ch, int from, int count, int bodySize) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Event> got = tx.take(count);
      assertEquals(count, got.size());
      for (int k = 0; k < count; k++) {
        Event want = event(from + k, bodySize);
        Event e = got.get(k);
        assertEquals(want.getHeaders(), e.getHeaders(), "event " + (from + k));
        assertArrayEquals(want.getBody(), e.getBody(), "event " + (from + k));
      }
      tx.commit();
    }
  }

  @Test
  void takersThatKeepUpAreServedFromTheCacheWithoutReadingTheFile() throws Exception {
    FileChannel ch = channel("keepup", 2_146_435_071L, 8 << 20);
    for (int b = 0; b < 50; b++) {
      put(ch, b * 100, 100, 256);
      takeAndCheck(ch, b * 100, 100, 256);
    }
    long[] stats = ch.readStats();
    assertEquals(5000, stats[0], "cache hits");
    assertEquals(0, stats[2], "file reads");
  }

  @Test
  void aBacklogIsReadInWindowsNotOneReadPerEvent() throws Exception {
    FileChannel ch = channel("backlog", 2_146_435_071L, 0);
    for (int b = 0; b < 100; b++) {
      put(ch, b * 100, 100, 256);
    }
    for (int b = 0; b < 100; b++) {
      takeAndCheck(ch, b * 100, 100, 256);
    }
    long[] stats = ch.readStats();
    assertEquals(0, stats[0], "cache hits with the cache off");
    // 10,000 records of ~300 bytes plus TAKE/COMMIT records: about 3 MB, 256 KiB per read.
    assertTrue(stats[2] <= 20, "file reads: " + stats[2]);
    assertEquals(10_000, stats[1] + stats[2]);
  }

  @Test
  void aBacklogLargerThanTheCacheComesFromTheFileThenFromTheCache() throws Exception {
    FileChannel ch = channel("small-cache", 2_146_435_071L, 256 << 10);
    for (int b = 0; b < 40; b++) {
      put(ch, b * 100, 100, 256);
    }
    for (int b = 0; b < 40; b++) {
      takeAndCheck(ch, b * 100, 100, 256);
    }
    long[] stats = ch.readStats();
    assertTrue(stats[0] > 0 && stats[2] > 0, "both cache and file used: " + stats[0] + " hits, "
        + stats[2] + " reads");
    assertEquals(4000, stats[0] + stats[1] + stats[2]);
  }

  @Test
  void afterARestartEverythingIsReadFromTheFile() throws Exception {
    FileChannel ch = channel("restart", 2_146_435_071L, 8 << 20);
    for (int b = 0; b < 20; b++) {
      put(ch, b * 100, 100, 256);
    }
    ch.stop();
    open.remove(ch);
    FileChannel again = start(ch.config());
    for (int b = 0; b < 20; b++) {
      takeAndCheck(again, b * 100, 100, 256);
    }
    assertEquals(0, again.readStats()[0]);
  }

  @Test
  void eventsLargerThanTheWindowAndTheCacheRoundTrip() throws Exception {
    for (long cache : new long[] {0, 300 << 10, 64 << 20}) {
      FileChannel ch = channel("big-" + cache, 2_146_435_071L, cache);
      int big = ReadBuffer.WINDOW + 12345;
      put(ch, 0, 3, big);
      put(ch, 3, 50, 100);
      put(ch, 53, 2, big);
      takeAndCheck(ch, 0, 3, big);
      takeAndCheck(ch, 3, 50, 100);
      takeAndCheck(ch, 53, 2, big);
    }
  }

  @Test
  void takesAcrossSegmentRollsAndInterleavedPutsAreExact() throws Exception {
    FileChannel ch = channel("rolls", 128 << 10, 96 << 10);
    int putNext = 0;
    int takeNext = 0;
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      int n = 1 + random.nextInt(50);
      put(ch, putNext, n, random.nextInt(3) == 0 ? 1000 : 200);
      putNext += n;
      int avail = putNext - takeNext;
      int t = random.nextInt(avail + 1);
      if (t > 0) {
        try (Transaction tx = ch.getTransaction()) {
          tx.begin();
          List<Event> got = tx.take(t);
          assertEquals(t, got.size());
          for (Event e : got) {
            assertEquals(Integer.toString(takeNext++), e.getHeaders().get("id"));
          }
          tx.commit();
        }
      }
    }
    long[] stats = ch.readStats();
    assertTrue(stats[0] > 0, "cache used");
  }

  @Test
  void theTailCacheWrapsGrowsAndForgets() {
    TailCache cache = new TailCache(1 << 20);
    ReadBuffer rb = new ReadBuffer();
    long offset = LogSegment.HEADER_SIZE;
    List<long[]> records = new ArrayList<>();
    Random random = new Random(1);
    for (int i = 0; i < 5000; i++) {
      int payload = 1 + random.nextInt(2000);
      ByteBuffer rec = ByteBuffer.allocate(LogRecord.HEADER + payload);
      rec.putInt(payload).putInt(i);
      while (rec.hasRemaining()) {
        rec.put((byte) i);
      }
      rec.flip();
      cache.written(1, offset, rec);
      records.add(new long[] {offset, payload, i});
      offset += rec.remaining();
    }
    assertTrue(cache.held() <= 1 << 20);
    int hits = 0;
    for (long[] r : records) {
      int n = cache.copy(1, r[0], rb);
      if (n > 0) {
        hits++;
        ByteBuffer got = rb.recordView(n);
        assertEquals((int) r[1], got.getInt(0));
        assertEquals((int) r[2], got.getInt(4));
        assertEquals((byte) r[2], got.get(n - 1));
      }
    }
    assertTrue(hits > 400 && hits < 5000, "hits " + hits);
    assertEquals(-1, cache.copy(2, records.get(4999)[0], rb), "another segment");
    cache.clear();
    assertEquals(-1, cache.copy(1, records.get(4999)[0], rb), "cleared");
    assertEquals(0, cache.held());
  }

  @Test
  void theTailCacheDecodesEventsInPlaceAndLeavesWrappedOnesToCopy() {
    TxBuffer tx = new TxBuffer();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Event e = i % 2 == 0 ? event(i, 50 + i) : Event.of(new byte[] {(byte) i, 7});
      events.add(e);
      tx.put(e);
    }
    tx.takes(new long[] {Pointer.of(0, 1, 64)}, 1);
    ByteBuffer run = tx.records();
    int takeAt = run.limit() - LogRecord.TAKE_SIZE;
    // A ring of 1,500 bytes holding the last of the ~2,800 written: some records wrap its end.
    TailCache cache = new TailCache(1500);
    long base = LogSegment.HEADER_SIZE;
    for (int at = 0; at < run.limit(); at += 200) { // in pieces: each smaller than the ring
      cache.written(1, base + at, run.duplicate().position(at).limit(Math.min(at + 200, run.limit())));
    }
    ReadBuffer rb = new ReadBuffer();
    int decoded = 0;
    int wrapped = 0;
    for (int i = 0; i < events.size(); i++) {
      long offset = base + tx.putOffset(i);
      Event got = cache.readEvent(1, offset, rb.strings);
      int copied = cache.copy(1, offset, rb);
      if (got != null) {
        decoded++;
        assertEquals(events.get(i).getHeaders(), got.getHeaders());
        assertArrayEquals(events.get(i).getBody(), got.getBody());
      } else if (copied > 0) {
        wrapped++; // held, but across the ring's end
        Event e = EventCodec.read(rb.recordView(copied).position(LogRecord.HEADER + 1), null);
        assertArrayEquals(events.get(i).getBody(), e.getBody());
      }
    }
    assertTrue(decoded > 3 && wrapped <= 1, "decoded " + decoded + ", wrapped " + wrapped);
    assertEquals(null, cache.readEvent(1, base + takeAt, rb.strings), "a TAKE record");
    assertEquals(null, cache.readEvent(2, base + tx.putOffset(39), rb.strings), "another segment");
  }
}
