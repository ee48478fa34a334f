package io.sluice.core.sink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The file a file_roll sink is writing: opened lazily on the first write, rolled (closed, so the
 * next write opens a new name) once it is older than the roll interval, and forced to disk by
 * {@link #sync()}. Synchronized, because the sink's {@code stop()} may close it from another thread.
 */
final class RollingFile {
  private final FileNamer namer;
  private final Clock clock;
  private final long rollIntervalMillis;
  private FileChannel channel;
  private OutputStream out;
  private Path current;
  private long openedAtMillis;

  RollingFile(FileNamer namer, Clock clock, long rollIntervalMillis) {
    this.namer = namer;
    this.clock = clock;
    this.rollIntervalMillis = rollIntervalMillis;
  }

  /** Closes the current file when it has been open for the roll interval (never when it is 0). */
  synchronized void rollIfDue() throws IOException {
    if (out != null && rollIntervalMillis > 0 && clock.millis() - openedAtMillis >= rollIntervalMillis) {
      close();
    }
  }

  synchronized void write(byte[] bytes) throws IOException {
    if (out == null) {
      open();
    }
    out.write(bytes);
  }

  /** Flushes the buffer and forces the file's content to the device. */
  synchronized void sync() throws IOException {
    if (out != null) {
      out.flush();
      channel.force(false);
    }
  }

  synchronized void close() throws IOException {
    if (out == null) {
      return;
    }
    try {
      sync();
    } finally {
      out.close();
      out = null;
      channel = null;
      current = null;
    }
  }

  /** The file being written, or null between rolls. */
  synchronized Path current() {
    return current;
  }

  private void open() throws IOException {
    Path path = namer.next();
    channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    current = path;
    openedAtMillis = clock.millis();
  }
}
