package io.sluice.core.channel.file;

import io.sluice.api.Channel;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ComponentContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Makes {@code file} channels (Flume's {@code org.apache.flume.channel.file.FileChannel}). Stateless. */
public final class FileChannelFactory implements ChannelFactory<FileChannelConfig> {

  public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.string("checkpointDir")
      .doc("Directory of the checkpoint; default ~/.flume/file-channel/checkpoint");
  public static final ConfigKey<String> DATA_DIRS = ConfigKey.string("dataDirs")
      .doc("Comma-separated log directories, written in parallel (put them on different disks); "
          + "default ~/.flume/file-channel/data");
  public static final ConfigKey<Boolean> USE_DUAL_CHECKPOINTS = ConfigKey.bool("useDualCheckpoints")
      .defaultValue(false)
      .doc("Also keep a copy of each checkpoint in backupCheckpointDir");
  public static final ConfigKey<String> BACKUP_CHECKPOINT_DIR = ConfigKey.string("backupCheckpointDir")
      .doc("Directory of the backup checkpoint; required with useDualCheckpoints");
  public static final ConfigKey<Long> CAPACITY = ConfigKey.longInt("capacity")
      .defaultValue(1_000_000L).between(1, Integer.MAX_VALUE - 8)
      .doc("Most events the channel holds");
  public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.integer("transactionCapacity")
      .defaultValue(10_000).atLeast(1)
      .doc("Most puts, and most takes, in one transaction");
  public static final ConfigKey<Long> CHECKPOINT_INTERVAL = ConfigKey.longInt("checkpointInterval")
      .defaultValue(30_000L).atLeast(1)
      .doc("Milliseconds between checkpoints");
  public static final ConfigKey<Long> MAX_FILE_SIZE = ConfigKey.longInt("maxFileSize")
      .defaultValue(2_146_435_071L).between(1 << 16, 0xFFFF_FFFFL)
      .doc("Bytes at which a log segment is rolled");
  public static final ConfigKey<Long> MINIMUM_REQUIRED_SPACE = ConfigKey.longInt("minimumRequiredSpace")
      .defaultValue(524_288_000L).atLeast(0)
      .doc("Free bytes below which puts are refused (takes go on); raised to 1 MiB if smaller");
  public static final ConfigKey<Double> KEEP_ALIVE = ConfigKey.decimal("keep-alive")
      .defaultValue(3.0).atLeast(0)
      .doc("Seconds a commit waits for room and a take waits for an event (fractions allowed)");
  public static final ConfigKey<Boolean> CHECKPOINT_ON_CLOSE = ConfigKey.bool("checkpointOnClose")
      .defaultValue(true)
      .doc("Write a checkpoint when the channel stops, so the next start replays nothing");
  public static final ConfigKey<Boolean> SKIP_CORRUPT_RECORDS = ConfigKey.bool("skipCorruptRecords")
      .defaultValue(false)
      .doc("Sluice only: on damage in the middle of the log, skip to the next good record "
          + "(losing the damaged transactions) instead of refusing to start");

  public static final ConfigKey<String> CORRUPT_RECORDS = ConfigKey.string("corruptRecords")
      .defaultValue("quarantine").oneOf("quarantine", "stop")
      .doc("Sluice only: an event that cannot be read at run time (checksum, missing segment): "
          + "'quarantine' counts it (CorruptRecordCount), logs its file and offset and moves on; "
          + "'stop' refuses takes until an operator intervenes");

  public static final ConfigKey<Long> TAIL_CACHE_BYTES = ConfigKey.longInt("tailCacheBytes")
      .atLeast(0)
      .doc("Sluice only: heap bytes for the cache of the log's newest records, so takers that "
          + "keep up never read back what was just written; 0 turns it off; default a sixteenth "
          + "of the heap, at most 64 MiB");

  public static final ConfigKey<Boolean> FSYNC_PER_TAKE = ConfigKey.bool("fsyncPerTake")
      .defaultValue(false)
      .doc("Sluice only: a commit of takes only waits for its own fsync, as puts do. By default "
          + "it does not: its record is synced with the next put or within 100 ms, so a power "
          + "loss (not a killed process) can deliver the takes of that moment again, never lose "
          + "an event");

  static final List<ConfigKey<String>> IGNORED = List.of(
      ConfigKey.ignored("use-log-replay-v1", "Sluice has one log format and one replay"),
      ConfigKey.ignored("use-fast-replay", "replay always reads only positions, never bodies' events"),
      ConfigKey.ignored("fsyncPerTransaction", "every put commit is durable when it returns; group "
          + "commit makes that cheap, so there is no unsafe mode (takes: see fsyncPerTake)"),
      ConfigKey.ignored("fsyncInterval", "every put commit is durable (group commit); take-only "
          + "commits are synced within 100 ms (see fsyncPerTake)"),
      ConfigKey.ignored("compressBackupCheckpoint", "checkpoints hold 8 bytes an event; the "
          + "backup is written uncompressed"));

  public static final ConfigKey<String> ENCRYPTION_ACTIVE_KEY = ConfigKey.string("encryption.activeKey")
      .doc("Not supported: setting it is an error, so data is never silently left unencrypted");
  public static final ConfigKey<String> ENCRYPTION_CIPHER = ConfigKey.string("encryption.cipherProvider")
      .doc("Not supported (see encryption.activeKey)");
  public static final ConfigKey<String> ENCRYPTION_KEY_PROVIDER = ConfigKey.string("encryption.keyProvider")
      .doc("Not supported (see encryption.activeKey)");
  public static final ConfigPrefix<String> ENCRYPTION_KEY_PROVIDER_SETTINGS =
      ConfigPrefix.strings("encryption.keyProvider.").doc("Not supported (see encryption.activeKey)");

  private static final ConfigDef DEF = ConfigDef.of(
      CHECKPOINT_DIR, DATA_DIRS, USE_DUAL_CHECKPOINTS, BACKUP_CHECKPOINT_DIR, CAPACITY,
      TRANSACTION_CAPACITY, CHECKPOINT_INTERVAL, MAX_FILE_SIZE, MINIMUM_REQUIRED_SPACE, KEEP_ALIVE,
      CHECKPOINT_ON_CLOSE, SKIP_CORRUPT_RECORDS, CORRUPT_RECORDS, TAIL_CACHE_BYTES, FSYNC_PER_TAKE, ENCRYPTION_ACTIVE_KEY, ENCRYPTION_CIPHER,
      ENCRYPTION_KEY_PROVIDER)
      .with(IGNORED.toArray(new ConfigKey<?>[0]))
      .withPrefixes(ENCRYPTION_KEY_PROVIDER_SETTINGS);

  @Override
  public String type() {
    return "file";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.channel.file.FileChannel");
  }

  @Override
  public Class<?> componentClass() {
    return FileChannel.class;
  }

  @Override
  public ConfigDef configDef() {
    return DEF;
  }

  @Override
  public FileChannelConfig configure(ConfigValues values) {
    for (ConfigKey<String> k : List.of(ENCRYPTION_ACTIVE_KEY, ENCRYPTION_CIPHER,
        ENCRYPTION_KEY_PROVIDER)) {
      if (values.isSet(k) || !values.get(ENCRYPTION_KEY_PROVIDER_SETTINGS).isEmpty()) {
        throw new ConfigException(k.name(), "file channel encryption is not supported by Sluice; "
            + "remove the encryption.* keys or use an encrypted file system for the directories");
      }
    }
    long capacity = values.get(CAPACITY);
    int transactionCapacity = values.get(TRANSACTION_CAPACITY);
    if (transactionCapacity > capacity) {
      throw new ConfigException(TRANSACTION_CAPACITY.name(), "transactionCapacity "
          + transactionCapacity + " must not exceed capacity " + capacity);
    }
    Path home = Path.of(System.getProperty("user.home"), ".flume", "file-channel");
    Path checkpoint = values.isSet(CHECKPOINT_DIR) ? Path.of(values.get(CHECKPOINT_DIR))
        : home.resolve("checkpoint");
    List<Path> data = values.isSet(DATA_DIRS)
        ? Arrays.stream(values.get(DATA_DIRS).split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).map(Path::of).toList()
        : List.of(home.resolve("data"));
    if (data.isEmpty()) {
      throw new ConfigException(DATA_DIRS.name(), "dataDirs names no directory");
    }
    Path backup = null;
    if (values.get(USE_DUAL_CHECKPOINTS)) {
      if (!values.isSet(BACKUP_CHECKPOINT_DIR)) {
        throw new ConfigException(BACKUP_CHECKPOINT_DIR.name(),
            "backupCheckpointDir is required when useDualCheckpoints = true");
      }
      backup = Path.of(values.get(BACKUP_CHECKPOINT_DIR));
      if (backup.toAbsolutePath().normalize().equals(checkpoint.toAbsolutePath().normalize())) {
        throw new ConfigException(BACKUP_CHECKPOINT_DIR.name(),
            "backupCheckpointDir must differ from checkpointDir " + checkpoint);
      }
    }
    Duration keepAlive = Duration.ofNanos(Math.round(values.get(KEEP_ALIVE) * 1e9));
    return new FileChannelConfig(checkpoint, backup, data, capacity, transactionCapacity,
        Duration.ofMillis(values.get(CHECKPOINT_INTERVAL)), values.get(MAX_FILE_SIZE),
        values.get(MINIMUM_REQUIRED_SPACE), keepAlive, values.get(CHECKPOINT_ON_CLOSE),
        values.get(SKIP_CORRUPT_RECORDS),
        values.isSet(TAIL_CACHE_BYTES) ? values.get(TAIL_CACHE_BYTES)
            : FileChannelConfig.defaultTailCacheBytes(),
        values.get(CORRUPT_RECORDS).equals("stop"), values.get(FSYNC_PER_TAKE));
  }

  @Override
  public Channel create(FileChannelConfig config, ComponentContext context) {
    return new FileChannel(config, context);
  }
}
