package io.sluice.core.channel.file;

import io.sluice.api.config.ChannelLimits;
import io.sluice.api.spi.DurableChannelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The typed settings of a {@code file} channel, Flume's keys and defaults. Immutable.
 *
 * @param checkpointDir where the checkpoint is written
 * @param backupCheckpointDir second copy of the checkpoint when {@code useDualCheckpoints}; else null
 * @param dataDirs log directories, written in parallel
 * @param capacity most events held (stored plus taken but not committed)
 * @param transactionCapacity most puts, and most takes, in one transaction
 * @param checkpointInterval time between checkpoints
 * @param maxFileSize size at which a log segment is rolled
 * @param minimumRequiredSpace free space below which puts are refused (takes go on)
 * @param keepAlive how long a commit waits for room and a take waits for an event
 * @param checkpointOnClose whether stop writes a last checkpoint
 * @param skipCorruptRecords whether replay skips damaged records instead of refusing to start
 * @param tailCacheBytes heap bytes for the cache of the log's newest records, from which takers
 *     that keep up are served without reading the file; 0 turns it off
 * @param stopOnCorruptRecord whether an unreadable event stops takes instead of being quarantined
 * @param fsyncPerTake whether a commit of takes only waits for its own sync (the default does not:
 *     its records ride on the next sync, so a power loss can deliver those events again)
 */
public record FileChannelConfig(
    Path checkpointDir,
    Path backupCheckpointDir,
    List<Path> dataDirs,
    long capacity,
    int transactionCapacity,
    Duration checkpointInterval,
    long maxFileSize,
    long minimumRequiredSpace,
    Duration keepAlive,
    boolean checkpointOnClose,
    boolean skipCorruptRecords,
    long tailCacheBytes,
    boolean stopOnCorruptRecord,
    boolean fsyncPerTake)
    implements ChannelLimits, DurableChannelConfig {

  /** Flume's floor: a smaller minimumRequiredSpace is raised to 1 MiB. */
  public static final long MINIMUM_SPACE_FLOOR = 1L << 20;

  public FileChannelConfig {
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(keepAlive, "keepAlive");
    dataDirs = List.copyOf(dataDirs);
    if (dataDirs.isEmpty() || dataDirs.size() > Pointer.MAX_DIRS) {
      throw new IllegalArgumentException("need 1 to " + Pointer.MAX_DIRS + " dataDirs, got "
          + dataDirs.size());
    }
    if (capacity < 1 || transactionCapacity < 1 || transactionCapacity > capacity
        || capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("need 1 <= transactionCapacity (" + transactionCapacity
          + ") <= capacity (" + capacity + ") < 2^31");
    }
    if (maxFileSize < 1 << 16 || maxFileSize > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("maxFileSize must be between 64 KiB and 4 GiB: "
          + maxFileSize);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero() || keepAlive.isNegative()) {
      throw new IllegalArgumentException("checkpointInterval must be positive and keepAlive "
          + "not negative");
    }
    minimumRequiredSpace = Math.max(minimumRequiredSpace, MINIMUM_SPACE_FLOOR);
    if (tailCacheBytes < 0) {
      throw new IllegalArgumentException("tailCacheBytes must not be negative: " + tailCacheBytes);
    }
  }

  /** As the canonical constructor, with take-only commits that do not wait for a sync. */
  public FileChannelConfig(Path checkpointDir, Path backupCheckpointDir, List<Path> dataDirs,
      long capacity, int transactionCapacity, Duration checkpointInterval, long maxFileSize,
      long minimumRequiredSpace, Duration keepAlive, boolean checkpointOnClose,
      boolean skipCorruptRecords, long tailCacheBytes, boolean stopOnCorruptRecord) {
    this(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
        checkpointInterval, maxFileSize, minimumRequiredSpace, keepAlive, checkpointOnClose,
        skipCorruptRecords, tailCacheBytes, stopOnCorruptRecord, false);
  }

  /** As the canonical constructor, quarantining records that cannot be read at run time. */
  public FileChannelConfig(Path checkpointDir, Path backupCheckpointDir, List<Path> dataDirs,
      long capacity, int transactionCapacity, Duration checkpointInterval, long maxFileSize,
      long minimumRequiredSpace, Duration keepAlive, boolean checkpointOnClose,
      boolean skipCorruptRecords, long tailCacheBytes) {
    this(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
        checkpointInterval, maxFileSize, minimumRequiredSpace, keepAlive, checkpointOnClose,
        skipCorruptRecords, tailCacheBytes, false);
  }

  /** As the canonical constructor, with the default tail cache ({@link #defaultTailCacheBytes}). */
  public FileChannelConfig(Path checkpointDir, Path backupCheckpointDir, List<Path> dataDirs,
      long capacity, int transactionCapacity, Duration checkpointInterval, long maxFileSize,
      long minimumRequiredSpace, Duration keepAlive, boolean checkpointOnClose,
      boolean skipCorruptRecords) {
    this(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
        checkpointInterval, maxFileSize, minimumRequiredSpace, keepAlive, checkpointOnClose,
        skipCorruptRecords, defaultTailCacheBytes());
  }

  /** The default tail cache: a sixteenth of the heap, at most 64 MiB. */
  public static long defaultTailCacheBytes() {
    return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
  }

  /** The same settings with another tail cache size. */
  public FileChannelConfig withTailCacheBytes(long bytes) {
    return new FileChannelConfig(checkpointDir, backupCheckpointDir, dataDirs, capacity,
        transactionCapacity, checkpointInterval, maxFileSize, minimumRequiredSpace, keepAlive,
        checkpointOnClose, skipCorruptRecords, bytes, stopOnCorruptRecord, fsyncPerTake);
  }

  /** The same settings with take-only commits waiting for their own sync, or not. */
  public FileChannelConfig withFsyncPerTake(boolean perTake) {
    return new FileChannelConfig(checkpointDir, backupCheckpointDir, dataDirs, capacity,
        transactionCapacity, checkpointInterval, maxFileSize, minimumRequiredSpace, keepAlive,
        checkpointOnClose, skipCorruptRecords, tailCacheBytes, stopOnCorruptRecord, perTake);
  }

  /** Every directory the channel locks: checkpoint, backup (if any), data. */
  public List<Path> allDirs() {
    List<Path> all = new java.util.ArrayList<>();
    all.add(checkpointDir);
    if (backupCheckpointDir != null) {
      all.add(backupCheckpointDir);
    }
    all.addAll(dataDirs);
    return all;
  }

  @Override
  public Set<String> storageLocations() {
    Set<String> names = new HashSet<>();
    allDirs().forEach(d -> names.add(d.toAbsolutePath().normalize().toString()));
    return names;
  }

  /** Defaults for tests and embedding: Flume's, with the given directories. */
  public static FileChannelConfig of(Path checkpointDir, List<Path> dataDirs, long capacity,
      int transactionCapacity, Duration keepAlive) {
    return new FileChannelConfig(checkpointDir, null, dataDirs, capacity, transactionCapacity,
        Duration.ofSeconds(30), 2146435071L, MINIMUM_SPACE_FLOOR, keepAlive, true, false);
  }
}
