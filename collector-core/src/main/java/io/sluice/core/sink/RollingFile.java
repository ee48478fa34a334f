package io.sluice.core.sink;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.serialization.EventSerializerFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The file a file_roll sink is writing, through its own serializer: opened lazily on the first
 * write, rolled (closed, so the next write opens a new name) once it is older than the roll
 * interval, and forced to disk by {@link #sync()}. Synchronized, because the sink's {@code stop()} may close it from another thread.
 */
final class RollingFile {
  private final FileNamer namer;
  private final Clock clock;
  private final long rollIntervalMillis;
  private final EventSerializerFactory serializers;
  private final CommittedLength committed;
  private FileChannel channel;
  private OutputStream out;
  private EventSerializer serializer;
  private Path current;
  private long openedAtMillis;

  RollingFile(FileNamer namer, Clock clock, long rollIntervalMillis,
      EventSerializerFactory serializers, CommittedLength committed) {
    this.namer = namer;
    this.committed = committed;
    this.clock = clock;
    this.rollIntervalMillis = rollIntervalMillis;
    this.serializers = serializers;
  }

  /** Closes the current file when it has been open for the roll interval (never when it is 0). */
  synchronized void rollIfDue() throws IOException {
    if (out != null && rollIntervalMillis > 0 && clock.millis() - openedAtMillis >= rollIntervalMillis) {
      close();
    }
  }

  synchronized void write(Event event) throws IOException {
    if (out == null) {
      open();
    }
    serializer.write(event);
  }

  /** Flushes the buffer and forces the file's content to the device. */
  synchronized void sync() throws IOException {
    if (out != null) {
      serializer.flush();
      out.flush();
      channel.force(false);
      committed.record(current, channel.size());
    }
  }

  /** At start: cuts the previous run's last file back to its last commit (see {@link CommittedLength}). */
  synchronized void recover(Path directory) throws IOException {
    committed.recover(directory);
  }

  synchronized void close() throws IOException {
    if (out == null) {
      return;
    }
    try {
      // Flume's order: flush, then the serializer's trailer, then the stream.
      serializer.flush();
      serializer.beforeClose();
      sync();
    } finally {
      committed.close();
      out.close();
      out = null;
      serializer = null;
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
    // Nothing of it is committed yet: a kill before the first commit leaves nothing to keep.
    committed.record(path, 0);
    openedAtMillis = clock.millis();
    serializer = serializers.create(out);
    serializer.afterCreate();
  }
}
