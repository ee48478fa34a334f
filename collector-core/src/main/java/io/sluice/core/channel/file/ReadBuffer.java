package io.sluice.core.channel.file;

import java.nio.ByteBuffer;

/**
 * One taker's reusable read state: a direct window onto a stretch of one segment, filled by one
 * positional read and then served from for every queued record inside it (events are usually
 * taken in the order they were put, so one read covers a whole run of them), plus an array for
 * records copied out of the {@link TailCache} and one for decoding strings. Not thread-safe: owned
 * by one transaction (so by one thread).
 */
final class ReadBuffer {
  static final int WINDOW = 256 << 10;

  // Allocated at the first read from the file (put-only transactions never need it).
  private ByteBuffer window;
  // What the window holds: [windowStart, windowEnd) of segment windowSegment of directory
  // windowDir, every byte of it written before the read that filled it.
  int windowDir = -1;
  int windowSegment = -1;
  int windowSalt;
  long windowStart;
  long windowEnd;
  final byte[][] strings = new byte[1][];
  private byte[] record = new byte[4096];
  private ByteBuffer recordView = ByteBuffer.wrap(record);

  /** The window buffer, allocated on first use. */
  ByteBuffer window() {
    if (window == null) {
      window = ByteBuffer.allocateDirect(WINDOW);
    }
    return window;
  }

  /** The record array, grown to at least {@code size} bytes. */
  byte[] recordArray(int size) {
    if (record.length < size) {
      record = new byte[Math.max(size, record.length * 2)];
      recordView = ByteBuffer.wrap(record);
    }
    return record;
  }

  /** A view of the record array's first {@code length} bytes. */
  ByteBuffer recordView(int length) {
    return recordView.clear().limit(length);
  }

  /** Forgets the window (its segment may have changed). */
  void invalidate() {
    windowDir = -1;
    windowSegment = -1;
  }

  /**
   * Drops the big record array after a large event so an idle transaction holds little; the
   * window is kept (its size is fixed).
   */
  void trim() {
    if (record.length > 1 << 20) {
      record = new byte[4096];
      recordView = ByteBuffer.wrap(record);
    }
  }
}
