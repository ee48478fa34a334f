package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How much space is free for a directory. The channel asks before writing puts; tests substitute a
 * probe to simulate a full disk. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DiskSpace {

  /** Bytes usable by this process in the file system holding {@code dir}. */
  long usableBytes(Path dir) throws IOException;

  /** The real file system's view. */
  static DiskSpace fileSystem() {
    // File.getUsableSpace is one statvfs call; FileStore lookups scan the mount table each time.
    return dir -> dir.toFile().getUsableSpace();
  }
}
