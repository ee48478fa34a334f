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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fails a sync (EIO once, as Linux reports a writeback error once per open file) and a
 * disk that fills up under preallocation: the log never acknowledges a commit after a failed sync,
 * never hands out events it can no longer take for good, and survives a full disk.
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
    Thread test = Thread.currentThread();
    channel = open(tmp, 1 << 20, disk);
    put(channel, 0, 10, 100);
    disk.armed.set(t -> t != test); // the directory's syncer thread
    ChannelException failed = assertThrows(ChannelException.class, () -> put(channel, 10, 10, 100));
    // Either its commit waited for the failed sync, or the syncer failed first (an idle force).
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
