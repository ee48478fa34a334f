package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records in order for replay, through a window buffer. Each {@link #next()}
 * yields one checksum-verified record, or END where the data stops (zero fill or end of file), or
 * throws {@link LogCorruptionException} naming the offset. Checksums are checked with the segment's
 * salt, so bytes forged inside an event body never read as records. Probes for the next good
 * record ({@link #validAt}) read at most {@link LogRecord#MAX_LENGTH} bytes, through the fixed
 * window, and allocate nothing per probe. Not thread-safe.
 */
final class SegmentScanner {
  enum Step {
    RECORD,
    END
  }

  private static final int WINDOW = 1 << 20;
  private final LogSegment segment;
  private final long fileSize;
  private final int salt;
  private ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private long offset;
  private ByteBuffer payload;
  private byte type;

  SegmentScanner(LogSegment segment, long startOffset) throws IOException {
    this.segment = segment;
    this.fileSize = segment.size();
    this.salt = segment.salt();
    this.offset = startOffset;
    this.windowStart = startOffset;
    window.limit(0);
  }

  /** Offset of the record last returned, or of the end / corruption found. */
  long recordOffset() {
    return offset;
  }

  /** Offset just past the record last returned. */
  long nextOffset() {
    return offset + LogRecord.HEADER + payload.limit() + 1;
  }

  byte type() {
    return type;
  }

  /** Payload after the type byte of the record last returned. */
  ByteBuffer payload() {
    return payload;
  }

  Step next() throws IOException {
    if (payload != null) {
      offset = nextOffset();
      payload = null;
    }
    if (!fill(offset, LogRecord.HEADER)) {
      if (fileSize - offset > 0 && !allZero(offset)) {
        throw segment.corrupt(offset, "record header cut off by end of file");
      }
      return Step.END;
    }
    int at = (int) (offset - windowStart);
    int length = window.getInt(at);
    int crc = window.getInt(at + 4);
    if (length == 0) {
      if (!allZero(offset)) {
        throw segment.corrupt(offset, "zero length followed by data");
      }
      return Step.END;
    }
    if (length < 0 || length > fileSize - offset - LogRecord.HEADER) {
      throw segment.corrupt(offset, "record length " + length + " runs past end of file (size "
          + fileSize + ")");
    }
    if (length > LogRecord.MAX_LENGTH) {
      throw segment.corrupt(offset, "record length " + length + " is above the largest record ("
          + LogRecord.MAX_LENGTH + ")");
    }
    // A record larger than the window is checked in pieces first: a damaged length then costs
    // a read, never an allocation of its size.
    boolean large = LogRecord.HEADER + length > window.capacity();
    if (large && crcOf(offset + LogRecord.HEADER, length) != (crc & 0xFFFF_FFFFL)) {
      throw segment.corrupt(offset, "checksum mismatch");
    }
    if (!fill(offset, LogRecord.HEADER + length)) {
      throw segment.corrupt(offset, "record cut off by end of file");
    }
    at = (int) (offset - windowStart);
    if (!large && LogRecord.crc(window, at + LogRecord.HEADER, length, salt) != crc) {
      throw segment.corrupt(offset, "checksum mismatch");
    }
    type = window.get(at + LogRecord.HEADER);
    payload = window.duplicate().limit(at + LogRecord.HEADER + length)
        .position(at + LogRecord.HEADER + 1).slice();
    return Step.RECORD;
  }

  /**
   * After corruption at {@link #recordOffset()}: moves to the next offset holding a record whose
   * length and checksum are right; false if none follows.
   */
  boolean resync() throws IOException {
    payload = null;
    for (long at = offset + 1; at + LogRecord.HEADER < fileSize; at++) {
      if (validAt(at)) {
        offset = at;
        return true;
      }
    }
    return false;
  }

  /** True if a well-formed record starts at {@code at} (used to tell a torn tail from damage). */
  boolean validAt(long at) throws IOException {
    if (!fill(at, LogRecord.HEADER)) {
      return false;
    }
    int i = (int) (at - windowStart);
    int length = window.getInt(i);
    int crc = window.getInt(i + 4);
    if (length <= 0 || length > LogRecord.MAX_LENGTH || length > fileSize - at - LogRecord.HEADER) {
      return false;
    }
    return crcOf(at + LogRecord.HEADER, length) == (crc & 0xFFFF_FFFFL);
  }

  /**
   * The salted checksum of {@code length} bytes from {@code from} as an unsigned value, or -1 if
   * they cannot be read; read through the window in pieces no larger than it is (a probe never
   * grows it).
   */
  private long crcOf(long from, int length) throws IOException {
    int piece = Math.min(length, window.capacity());
    CRC32C crc = new CRC32C();
    for (long at = from; at < from + length; at += piece) {
      int n = (int) Math.min(piece, from + length - at);
      if (!fill(at, n)) {
        return -1;
      }
      int i = (int) (at - windowStart);
      crc.update(window.duplicate().limit(i + n).position(i));
    }
    return ((int) crc.getValue() ^ salt) & 0xFFFF_FFFFL;
  }

  /** Ensures {@code bytes} bytes from {@code at} are in the window; false at end of file. */
  private boolean fill(long at, int bytes) throws IOException {
    if (at >= windowStart && at + bytes <= windowStart + window.limit()) {
      return true;
    }
    if (at + bytes > fileSize) {
      return false;
    }
    if (window.capacity() < bytes) {
      window = ByteBuffer.allocate(bytes);
    }
    window.clear();
    windowStart = at;
    segment.read(window, at);
    window.flip();
    return window.limit() >= bytes;
  }

  private boolean allZero(long from) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(WINDOW);
    for (long at = from; at < fileSize; at += buf.capacity()) {
      buf.clear();
      int n = segment.read(buf, at);
      for (int i = 0; i < n; i++) {
        if (buf.get(i) != 0) {
          return false;
        }
      }
    }
    return true;
  }
}
