package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.file.Path;

/** A log record failed its length or checksum check; says which file and offset. */
final class LogCorruptionException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long offset;

  LogCorruptionException(Path file, long offset, String what) {
    super("corrupt log record in " + file + " at offset " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  Path file() {
    return file;
  }

  long offset() {
    return offset;
  }
}
