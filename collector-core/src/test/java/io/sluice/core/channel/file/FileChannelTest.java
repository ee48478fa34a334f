package io.sluice.core.channel.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.Transaction;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.channel.ChannelContractTest;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelTest extends ChannelContractTest {
  private static final Duration KEEP_ALIVE = Duration.ofMillis(50);

  @TempDir Path tmp;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<FileChannel> extra = new ArrayList<>();
  private int instances;

  @Override
  protected Channel newChannel(int capacity, int transactionCapacity) {
    Path root = tmp.resolve("c" + instances++);
    return fileChannel(FileChannelConfig.of(root.resolve("checkpoint"),
        List.of(root.resolve("data1"), root.resolve("data2")), capacity, transactionCapacity,
        KEEP_ALIVE), DiskSpace.fileSystem());
  }

  @Override
  protected Duration keepAlive() {
    return KEEP_ALIVE;
  }

  @Override
  protected Channel restart(Channel channel) throws Exception {
    FileChannel old = (FileChannel) channel;
    old.stop();
    FileChannel fresh = fileChannel(old.config(), DiskSpace.fileSystem());
    fresh.start();
    extra.add(fresh);
    return fresh;
  }

  @AfterEach
  void stopExtra() {
    extra.forEach(FileChannel::stop);
  }

  private FileChannel fileChannel(FileChannelConfig config, DiskSpace space) {
    return new FileChannel(config, DefaultComponentContext
        .builder("a1", "c1", metrics.group("CHANNEL.c1")).build(), space);
  }

  private FileChannel started(FileChannelConfig config, DiskSpace space) throws Exception {
    FileChannel ch = fileChannel(config, space);
    ch.start();
    extra.add(ch);
    return ch;
  }

  private FileChannelConfig config(String name) {
    Path root = tmp.resolve(name);
    return FileChannelConfig.of(root.resolve("checkpoint"), List.of(root.resolve("data")), 1000,
        100, KEEP_ALIVE);
  }

  // ---- durability across restarts ------------------------------------------------------------

  @Test
  void committedEventsSurviveARestartInOrderAndTakenOnesDoNot() throws Exception {
    Channel ch = channel(100, 10);
    putAll(ch, events("e", 8));
    assertEquals(List.of("e0", "e1"), bodies(takeAll(ch, 2)));
    Transaction open = ch.getTransaction();
    open.begin();
    assertEquals(3, open.take(3).size()); // never committed: these must come back

    Channel again = restart(ch);
    assertEquals(6, again.size());
    assertEquals(List.of("e2", "e3", "e4", "e5", "e6", "e7"), bodies(takeAll(again, 10)));
    open.close();
  }

  @Test
  void restartWithoutCheckpointReplaysTheLog() throws Exception {
    FileChannelConfig base = config("replay");
    FileChannelConfig noCheckpoint = new FileChannelConfig(base.checkpointDir(), null,
        base.dataDirs(), 1000, 100, Duration.ofHours(1), 1 << 16, 1, KEEP_ALIVE, false, false);
    FileChannel ch = started(noCheckpoint, DiskSpace.fileSystem());
    for (int i = 0; i < 50; i++) {
      putAll(ch, events("b" + i + "-", 10)); // small maxFileSize: several segments
    }
    takeAll(ch, 95);
    ch.stop();

    FileChannel again = started(noCheckpoint, DiskSpace.fileSystem());
    assertEquals(405, again.size());
    assertEquals("b9-5", body(takeAll(again, 1).get(0)));
  }

  @Test
  void checkpointsDeleteSegmentsWithNothingLive() throws Exception {
    FileChannelConfig base = config("gc");
    FileChannelConfig small = new FileChannelConfig(base.checkpointDir(), null, base.dataDirs(),
        10_000, 100, Duration.ofHours(1), 1 << 16, 1, KEEP_ALIVE, true, false);
    FileChannel ch = started(small, DiskSpace.fileSystem());
    for (int i = 0; i < 100; i++) {
      putAll(ch, events("x", 50));
      takeAll(ch, 50);
    }
    long before = segmentCount(base.dataDirs().get(0));
    assertTrue(before >= 3, "expected several segments, found " + before);
    ch.checkpoint();
    assertEquals(1, segmentCount(base.dataDirs().get(0)), "only the segment being written is left");
    assertEquals(0, ch.size());
  }

  // ---- take commits and syncs ----------------------------------------------------------------

  @Test
  void takeCommitsReturnBeforeTheirSyncWhichFollowsWithinTheSyncersRound() throws Exception {
    FileChannel ch = started(config("deferred"), DiskSpace.fileSystem());
    putAll(ch, events("e", 100));
    putAll(ch, events("f", 100));
    long syncs = ch.syncCount();
    assertTrue(syncs >= 2, "each put commit waits for a sync: " + syncs);
    int unsyncedAfterCommit = 0;
    for (int i = 0; i < 200; i++) {
      assertEquals(1, takeAll(ch, 1).size());
      if (ch.unsyncedBytes() > 0) {
        unsyncedAfterCommit++;
      }
    }
    long takeSyncs = ch.syncCount() - syncs;
    // Waiting for its own sync, each of the 200 would have cost one; now only the syncer's
    // rounds every 100 ms sync them.
    assertTrue(takeSyncs < 20, takeSyncs + " syncs for 200 take commits");
    assertTrue(unsyncedAfterCommit > 100, "only " + unsyncedAfterCommit + " of 200 take commits "
        + "returned before their sync");
    await().atMost(Duration.ofSeconds(5)).until(() -> ch.unsyncedBytes() == 0);
  }

  @Test
  void aCheckpointSyncsTheTakesItRecordsBeforeWritingThem() throws Exception {
    FileChannelConfig base = config("cp-sync");
    FileChannel ch = started(base, DiskSpace.fileSystem());
    putAll(ch, events("e", 50));
    takeAll(ch, 30);
    ch.checkpoint();
    assertEquals(0, ch.unsyncedBytes(), "a checkpoint was written over unsynced take records");
    assertEquals(20, ch.size());
  }

  @Test
  void fsyncPerTakeMakesEveryTakeCommitWaitForItsOwnSync() throws Exception {
    FileChannel ch = started(config("per-take").withFsyncPerTake(true), DiskSpace.fileSystem());
    putAll(ch, events("e", 50));
    long syncs = ch.syncCount();
    for (int i = 0; i < 50; i++) {
      assertEquals(1, takeAll(ch, 1).size());
      assertEquals(0, ch.unsyncedBytes(), "take commit " + i + " returned before its sync");
    }
    assertTrue(ch.syncCount() - syncs >= 50, (ch.syncCount() - syncs) + " syncs for 50 takes");
  }

  // ---- locking --------------------------------------------------------------------------------

  @Test
  void twoChannelsCannotShareADirectoryAndTheErrorNamesTheHolder() throws Exception {
    FileChannelConfig config = config("shared");
    started(config, DiskSpace.fileSystem());
    FileChannel second = fileChannel(config, DiskSpace.fileSystem());
    IOException e = assertThrows(IOException.class, second::start);
    assertTrue(e.getMessage().contains(config.checkpointDir().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
  }

  // ---- disk space -----------------------------------------------------------------------------

  @Test
  void aFullBackupCheckpointDirectoryRefusesPutsNamingIt() throws Exception {
    Path root = tmp.resolve("backup-space");
    Path backup = root.resolve("backup");
    FileChannelConfig config = new FileChannelConfig(root.resolve("checkpoint"), backup,
        List.of(root.resolve("data")), 1000, 100, Duration.ofHours(1), 1 << 20, 1 << 20,
        KEEP_ALIVE, true, false);
    FileChannel ch = started(config, dir -> dir.equals(backup) ? 1000 : Long.MAX_VALUE);
    ChannelException e = assertThrows(ChannelException.class, () -> putAll(ch, events("f", 1)));
    assertTrue(e.getMessage().contains(backup + " has 1000 bytes free"), e.getMessage());
    assertEquals(0, ch.size());
  }

  @Test
  void lowDiskSpaceRefusesPutsNamingTheDirectoryButTakesGoOn() throws Exception {
    AtomicLong free = new AtomicLong(Long.MAX_VALUE);
    FileChannelConfig config = config("space");
    FileChannel ch = started(config, dir -> free.get());
    putAll(ch, events("e", 3));

    free.set(1000);
    ChannelException e = assertThrows(ChannelException.class, () -> putAll(ch, events("f", 1)));
    assertTrue(e.getMessage().contains("1000 bytes free"), e.getMessage());
    assertTrue(e.getMessage().contains("minimumRequiredSpace"), e.getMessage());
    assertTrue(e.getMessage().contains(config.dataDirs().get(0).toString())
        || e.getMessage().contains(config.checkpointDir().toString()), e.getMessage());
    assertEquals(List.of("e0", "e1"), bodies(takeAll(ch, 2)));

    free.set(Long.MAX_VALUE);
    putAll(ch, events("g", 1));
    assertEquals(List.of("e2", "g0"), bodies(takeAll(ch, 5)));
  }

  // ---- configuration --------------------------------------------------------------------------

  @Test
  void factoryReadsFlumeKeysAndDefaults() {
    FileChannelFactory factory = new FileChannelFactory();
    FileChannelConfig d = Configs.configure(factory, Map.of());
    assertEquals(1_000_000, d.capacity());
    assertEquals(10_000, d.transactionCapacity());
    assertEquals(Duration.ofSeconds(30), d.checkpointInterval());
    assertEquals(2_146_435_071L, d.maxFileSize());
    assertEquals(524_288_000L, d.minimumRequiredSpace());
    assertEquals(Duration.ofSeconds(3), d.keepAlive());
    assertTrue(d.checkpointDir().endsWith(Path.of(".flume", "file-channel", "checkpoint")));
    assertEquals(List.of(Path.of(System.getProperty("user.home"), ".flume", "file-channel",
        "data")), d.dataDirs());

    FileChannelConfig c = Configs.configure(factory, Map.of(
        "checkpointDir", "/x/cp", "dataDirs", "/d1, /d2", "useDualCheckpoints", "true",
        "backupCheckpointDir", "/x/backup", "minimumRequiredSpace", "10",
        "fsyncPerTransaction", "false", "use-fast-replay", "true", "fsyncPerTake", "true"));
    assertTrue(c.fsyncPerTake());
    assertFalse(d.fsyncPerTake(), "take-only commits do not wait for a sync by default");
    assertEquals(List.of(Path.of("/d1"), Path.of("/d2")), c.dataDirs());
    assertEquals(Path.of("/x/backup"), c.backupCheckpointDir());
    assertEquals(FileChannelConfig.MINIMUM_SPACE_FLOOR, c.minimumRequiredSpace());

    ConfigParser.Result ignored = Configs.parse(factory, Map.of("fsyncInterval", "5"));
    assertTrue(ignored.ok(), ignored.problems().toString());

    assertThrows(ConfigException.class, () -> Configs.configure(factory,
        Map.of("useDualCheckpoints", "true")));
    ConfigException enc = assertThrows(ConfigException.class, () -> Configs.configure(factory,
        Map.of("encryption.activeKey", "key-0")));
    assertTrue(enc.getMessage().contains("encryption"), enc.getMessage());
    assertFalse(Configs.parse(factory, Map.of("capacty", "5")).ok());
  }

  @Test
  void registryFindsTheFactoryByTypeAndFlumeClassName() {
    ComponentRegistry registry = ComponentRegistry.fromContextClassLoader();
    for (String name : List.of("file", "org.apache.flume.channel.file.FileChannel")) {
      ComponentRegistry.Lookup found = registry.lookup(ComponentKind.CHANNEL, name);
      assertTrue(found.found(), name + ": " + found.error());
      assertEquals(FileChannelFactory.class, found.factory().getClass());
    }
  }

  private static long segmentCount(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".wal")).count();
    }
  }
}
