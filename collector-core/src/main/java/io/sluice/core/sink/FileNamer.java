package io.sluice.core.sink;

import java.nio.file.Path;

/**
 * Names a file_roll sink's files {@code <prefix><seriesStartMillis>-<n>[.<extension>]}, n counting
 * from 1, as Flume's PathManager does. Not thread-safe.
 */
final class FileNamer {
  private final Path directory;
  private final String prefix;
  private final String extension;
  private final long seriesStartMillis;
  private long index;

  FileNamer(Path directory, String prefix, String extension, long seriesStartMillis) {
    this.directory = directory;
    this.prefix = prefix;
    this.extension = extension;
    this.seriesStartMillis = seriesStartMillis;
  }

  Path next() {
    index++;
    String name = prefix + seriesStartMillis + "-" + index + (extension.isEmpty() ? "" : "." + extension);
    return directory.resolve(name);
  }
}
