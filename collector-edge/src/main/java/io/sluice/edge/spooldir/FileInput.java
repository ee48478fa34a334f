package io.sluice.edge.spooldir;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Buffered bytes of one file from a start offset up to a limit (the size the file had when it was
 * picked up, so bytes appended later are never half-read), knowing the offset of the next byte.
 * Runner-thread confined.
 */
final class FileInput implements Closeable {
  private static final int BUFFER = 64 * 1024;
  private final FileChannel channel;
  private final long limit;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
  private long nextFill;

  FileInput(FileChannel channel, long start, long limit) {
    this.channel = channel;
    this.limit = limit;
    this.nextFill = start;
  }

  /** The next byte (0..255), or -1 at the limit or end of file. */
  int read() throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    return buffer.get() & 0xFF;
  }

  /** Up to {@code len} bytes into {@code dst}; -1 at the limit or end of file. */
  int read(byte[] dst, int off, int len) throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(dst, off, n);
    return n;
  }

  /** The file offset of the next byte {@link #read()} returns. */
  long position() {
    return nextFill - buffer.remaining();
  }

  private boolean fill() throws IOException {
    long left = limit - nextFill;
    if (left <= 0) {
      return false;
    }
    buffer.clear();
    if (left < buffer.capacity()) {
      buffer.limit((int) left);
    }
    int n = channel.read(buffer, nextFill);
    buffer.flip();
    if (n <= 0) {
      return false;
    }
    nextFill += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
