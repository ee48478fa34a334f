package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fails a sync (EIO once, as Linux reports a writeback error once per open file), a
 * disk that fills up under preallocation, and a slow one: the log never acknowledges a commit after
 * a failed sync, never hands out events it can no longer take for good, survives a full disk, and
 * its committers lead the syncs (a lone one on its own thread, concurrent ones sharing forces).
 */
class FileChannelSyncFailureTest {
  @TempDir Path tmp;
  private FileChannel channel;
  private Path mounted;

  /** Fails the next force that {@code when} accepts, once; every other force reaches the disk. */
  private static final class FailingOnce implements SegmentSync {
    final AtomicReference<Predicate<Thread>> armed = new AtomicReference<>();

    @Override
    public void force(LogSegment segment) throws IOException {
      Predicate<Thread> when = armed.get();
      if (when != null && when.test(Thread.currentThread()) && armed.compareAndSet(when, null)) {
        throw new IOException("Input/output error (injected)");
      }
      segment.force();
    }
  }

  /** Counts forces per thread; each takes {@code millis}, as a slow disk's would. */
  private static final class CountingSync implements SegmentSync {
    final Map<Thread, AtomicInteger> byThread = new ConcurrentHashMap<>();
    final long millis;

    CountingSync(long millis) {
      this.millis = millis;
    }

    @Override
    public void force(LogSegment segment) throws IOException {
      byThread.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger()).incrementAndGet();
      if (millis > 0) {
        try {
          Thread.sleep(millis); // the disk's latency, not a wait for a condition
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      segment.force();
    }

    int by(Thread t) {
      AtomicInteger n = byThread.get(t);
      return n == null ? 0 : n.get();
    }
  }

  @AfterEach
  void cleanUp() {
    if (channel != null) {
      channel.stop();
    }
    if (mounted != null) {
      Tmpfs.unmount(mounted);
    }
  }

  private FileChannel open(Path dir, long maxFileSize, SegmentSync sync) throws IOException {
    FileChannelConfig config = new FileChannelConfig(dir.resolve("checkpoint"), null,
        List.of(dir.resolve("data")), 100_000, 1000, Duration.ofHours(1), maxFileSize, 1 << 20,
        Duration.ofMillis(20), true, false);
    FileChannel ch = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("c1")).build(), d -> Long.MAX_VALUE, sync);
    ch.start();
    return ch;
  }

  @Test
  void aFailedSyncFailsItsCommitAndTheChannelRefusesTakesUntilRestarted() throws Exception {
    FailingOnce disk = new FailingOnce();
    channel = open(tmp, 1 << 20, disk);
    put(channel, 0, 10, 100);
    // The next force fails, whichever thread runs it: the committing thread leading the sync, or
    // the syncer's idle round.
    disk.armed.set(t -> true);
    ChannelException failed = assertThrows(ChannelException.class, () -> put(channel, 10, 10, 100));
    // Either its commit's own force failed, or the syncer failed first (an idle force).
    assertTrue(failed.getMessage().contains("sync"), failed.getMessage());

    // Takes would be delivered downstream and then fail to commit, again and again.
    ChannelException refused = assertThrows(ChannelException.class, () -> take(channel, 100));
    assertTrue(refused.getMessage().contains("refusing takes"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Input/output error"), refused.getMessage());
    assertThrows(ChannelException.class, () -> put(channel, 20, 10, 100), "commits stay refused");
    channel.stop();

    // A restart replays what is durable, the ten events committed before the failure first.
    channel = open(tmp, 1 << 20, SegmentSync.FORCE);
    List<Event> got = take(channel, 100);
    assertTrue(got.size() >= 10, "committed events survive: " + got.size());
    for (int i = 0; i < 10; i++) {
      assertTrue(new String(got.get(i).getBody()).startsWith("event-" + i + "-"), "order kept");
    }
  }

  @Test
  void aSyncFailureWhileRollingToANewSegmentBreaksTheLogForGood() throws Exception {
    FailingOnce disk = new FailingOnce();
    Thread test = Thread.currentThread();
    channel = open(tmp, 256 << 10, disk);
    put(channel, 0, 1, 100 << 10);
    put(channel, 1, 1, 100 << 10);
    // The next commit does not fit: the committing thread forces the full segment, which fails.
    disk.armed.set(t -> t == test);
    ChannelException rolled = assertThrows(ChannelException.class, () -> put(channel, 2, 1, 100 << 10));
    assertTrue(rolled.getMessage().contains("fsync"), rolled.getMessage());
    assertFalse(disk.armed.get() != null, "the roll's force was the one that failed");

    // A second force of that file would now "succeed" over pages the kernel may have dropped.
    ChannelException after = assertThrows(ChannelException.class, () -> put(channel, 3, 1, 100));
    assertTrue(after.getMessage().contains("failed to sync earlier"), after.getMessage());
    ChannelException refused = assertThrows(ChannelException.class, () -> take(channel, 10));
    assertTrue(refused.getMessage().contains("refusing takes"), refused.getMessage());
  }

  @Test
  void preallocationOnAFullDiskIsSkippedAndPutsResumeWhenSpaceReturns() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("small"));
    Assumptions.assumeTrue(Tmpfs.mount(dir, "12m"),
        "needs a tmpfs mount (root)");
    mounted = dir;
    Path filler = dir.resolve("filler");
    Files.write(filler, new byte[5 << 20]);
    // Production-size segments: the syncer zero-fills 4 MiB ahead, which the disk cannot hold.
    channel = open(dir, 2146435071L, SegmentSync.FORCE);
    int committed = 0;
    ChannelException refused = null;
    while (refused == null) {
      try {
        put(channel, committed, 100, 1000);
        committed += 100;
      } catch (ChannelException e) {
        refused = e;
      }
      assertTrue(committed < 20_000, "the disk never filled");
    }
    assertTrue(refused.getMessage().contains("cannot write to the log in"), refused.getMessage());
    assertTrue(committed > 4_000, "puts went on past the failed preallocation: " + committed);

    Files.delete(filler);
    put(channel, committed, 100, 1000); // no restart needed
    committed += 100;
    int taken = 0;
    while (taken < committed) {
      List<Event> got = take(channel, 1000);
      for (int i = 0; i < got.size(); i++) {
        assertTrue(new String(got.get(i).getBody()).startsWith("event-" + (taken + i) + "-"),
            "order kept");
      }
      taken += got.size();
      assertFalse(got.isEmpty(), "events missing after " + taken);
    }
    assertEquals(committed, taken);
  }

  @Test
  void aLoneCommitterForcesTheLogOnItsOwnThread() throws Exception {
    CountingSync disk = new CountingSync(0);
    channel = open(tmp, 1 << 20, disk);
    for (int i = 0; i < 20; i++) {
      put(channel, i, 1, 100);
    }
    // Each put commit waited for a force that covers it, run by the committing thread itself; the
    // syncer's idle round (every 100 ms) may have run one or two of them.
    int own = disk.by(Thread.currentThread());
    assertTrue(own >= 15, "forces on the committing thread: " + own + " of " + disk.byThread);
  }

  @Test
  void concurrentCommittersShareForcesAndEveryPutIsTaken() throws Exception {
    channel = open(tmp, 1 << 20, new CountingSync(1));
    int threads = 4;
    int commits = 50;
    long syncsBefore = channel.syncCount();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * commits;
        done.add(pool.submit(() -> {
          for (int i = 0; i < commits; i++) {
            put(channel, first + i, 1, 100);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    long syncs = channel.syncCount() - syncsBefore;
    assertTrue(syncs < threads * commits * 3 / 4,
        syncs + " forces for " + threads * commits + " concurrent commits");
    Set<String> got = new HashSet<>();
    for (List<Event> batch = take(channel, 1000); !batch.isEmpty(); batch = take(channel, 1000)) {
      for (Event e : batch) {
        got.add(new String(e.getBody()));
      }
    }
    assertEquals(threads * commits, got.size(), "every acknowledged put is in the channel");
  }

  private static void put(FileChannel ch, int first, int n, int bytes) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = 0; i < n; i++) {
        String head = "event-" + (first + i) + "-";
        tx.put(Event.of((head + "x".repeat(Math.max(0, bytes - head.length()))).getBytes()));
      }
      tx.commit();
    }
  }

  private static List<Event> take(FileChannel ch, int max) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Event> got = tx.take(max);
      tx.commit();
      return got;
    }
  }
}
