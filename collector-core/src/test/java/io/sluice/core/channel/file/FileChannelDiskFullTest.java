package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A really full disk: the channel on a 4 MiB tmpfs. Where mounting is not allowed (no root, no
 * tmpfs) the same scenario runs on a normal directory whose free space is simulated, so the test
 * passes everywhere and still checks the behaviour ({@code -Dfilechannel.diskfull.simulate=true}
 * forces that path).
 */
class FileChannelDiskFullTest {
  private static final Logger LOG = LoggerFactory.getLogger(FileChannelDiskFullTest.class);

  @TempDir Path tmp;
  private Path mounted;
  private FileChannel channel;

  @AfterEach
  void cleanUp() throws Exception {
    if (channel != null) {
      channel.stop();
    }
    if (mounted != null) {
      Tmpfs.unmount(mounted);
    }
  }

  @Test
  void putsFailNamingTheDirectoryTakesGoOnAndPutsResumeWhenSpaceReturns() throws Exception {
    Path dir = tmp.resolve("small");
    Files.createDirectories(dir);
    DiskSpace space;
    boolean simulate = Boolean.getBoolean("filechannel.diskfull.simulate");
    if (!simulate && Tmpfs.mount(dir, "4m")) {
      mounted = dir;
      space = DiskSpace.fileSystem();
      LOG.info("disk-full test on a 4 MiB tmpfs at {}", dir);
    } else {
      // 4 MiB simulated: free = 4 MiB minus the bytes in the directory.
      space = d -> (4L << 20) - usage(dir);
      LOG.info("disk-full test with simulated free space (tmpfs not mounted)");
    }
    FileChannelConfig config = new FileChannelConfig(dir.resolve("checkpoint"), null,
        List.of(dir.resolve("data")), 100_000, 100, Duration.ofHours(1), 256 << 10, 1 << 20,
        Duration.ofMillis(20), true, false);
    channel = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("c1")).build(), space);
    channel.start();

    int committed = 0;
    ChannelException refused = null;
    while (refused == null) {
      try {
        put(channel, committed, 50);
        committed += 50;
      } catch (ChannelException e) {
        refused = e;
      }
      assertTrue(committed < 100_000, "the disk never filled");
    }
    assertTrue(refused.getMessage().contains("bytes free"), refused.getMessage());
    assertTrue(refused.getMessage().contains("minimumRequiredSpace"), refused.getMessage());
    assertTrue(refused.getMessage().contains(dir.toString()), refused.getMessage());
    assertEquals(committed, channel.size(), "nothing committed was harmed");

    int taken = 0;
    while (taken < committed) {
      taken += take(channel, 100, taken); // takes keep working on a full disk
    }
    channel.checkpoint(); // frees the segments, and so the space
    put(channel, committed, 50);
    assertEquals(50, channel.size(), "puts resumed once space came back");
  }

  @Test
  void aWriteThatHitsAFullDiskFailsCleanlyAndTheLogStaysReadable() throws Exception {
    Path dir = tmp.resolve("tiny");
    Files.createDirectories(dir);
    boolean simulate = Boolean.getBoolean("filechannel.diskfull.simulate");
    Assumptions.assumeTrue(!simulate
        && Tmpfs.mount(dir, "2m"),
        "needs a tmpfs mount (root); the free-space path is covered by the other test");
    mounted = dir;
    // The probe claims plenty of room, so writes run into ENOSPC for real.
    FileChannelConfig config = new FileChannelConfig(dir.resolve("checkpoint"), null,
        List.of(dir.resolve("data")), 100_000, 100, Duration.ofHours(1), 256 << 10, 1 << 20,
        Duration.ofMillis(20), true, false);
    channel = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("c1")).build(), d -> Long.MAX_VALUE);
    channel.start();
    int committed = 0;
    ChannelException failed = null;
    while (failed == null && committed < 100_000) {
      try {
        put(channel, committed, 50);
        committed += 50;
      } catch (ChannelException e) {
        failed = e;
      }
    }
    assertTrue(failed != null && failed.getMessage().contains(dir.toString()), String.valueOf(failed));
    assertEquals(committed, channel.size());
    channel.stop();
    channel = null;
    Files.deleteIfExists(dir.resolve("checkpoint").resolve(Checkpoint.FILE));

    // Full replay over the segment where the write failed: nothing half-written is left in it,
    // and the channel starts although the disk is still full (its checkpoint cannot be written).
    channel = new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", new MetricsRegistry().group("c1")).build(), d -> Long.MAX_VALUE);
    channel.start();
    assertEquals(committed, channel.size());
    assertEquals(50, take(channel, 50, 0));
  }

  private static void put(FileChannel ch, int first, int n) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = 0; i < n; i++) {
        tx.put(Event.of(("event-" + (first + i)).repeat(40).getBytes()));
      }
      tx.commit();
    }
  }

  private static int take(FileChannel ch, int max, int expectedFirst) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Event> got = tx.take(max);
      tx.commit();
      for (int i = 0; i < got.size(); i++) {
        assertTrue(new String(got.get(i).getBody()).startsWith("event-" + (expectedFirst + i)),
            "order kept");
      }
      return got.size();
    }
  }

  private static long usage(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
