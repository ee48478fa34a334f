package io.sluice.core.channel.file;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the checkpoint to start from: the primary if it reads back whole, else the backup (with
 * {@code useDualCheckpoints}), else none, which means replaying every log segment. Stateless apart
 * from its configuration; used once at start.
 */
final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  private final FileChannelConfig config;
  private final String owner;

  CheckpointStore(FileChannelConfig config, String owner) {
    this.config = config;
    this.owner = owner;
  }

  Checkpoint load(WriteAheadLog log) {
    Checkpoint cp = read("checkpoint", config.checkpointDir().toString(), () ->
        Checkpoint.read(config.checkpointDir()));
    if (cp == null && config.backupCheckpointDir() != null) {
      cp = read("backup checkpoint", config.backupCheckpointDir().toString(), () ->
          Checkpoint.read(config.backupCheckpointDir()));
      if (cp != null) {
        LOG.warn("{}: starting from the backup checkpoint in {}", owner,
            config.backupCheckpointDir());
      }
    }
    if (cp == null) {
      boolean pruned = log.dirs().stream()
          .anyMatch(d -> !d.segments().isEmpty() && !d.segments().containsKey(1));
      if (pruned) {
        LOG.warn("{}: no usable checkpoint and early log segments were already deleted; replaying "
            + "what is left. Events whose takes were logged only in deleted segments may be "
            + "delivered again", owner);
      } else {
        LOG.info("{}: no checkpoint; replaying the whole log", owner);
      }
    }
    return cp;
  }

  private interface Reader {
    Checkpoint read() throws IOException;
  }

  private Checkpoint read(String what, String dir, Reader reader) {
    try {
      return reader.read();
    } catch (IOException | RuntimeException e) {
      // A damaged file must never stop the channel: full replay from the log is the fallback.
      LOG.warn("{}: ignoring the {} in {}: {}", owner, what, dir, e.toString());
      return null;
    }
  }
}
