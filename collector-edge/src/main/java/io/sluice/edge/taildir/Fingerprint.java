package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A CRC-32C over a range of a file. Two are kept per file: its head (the first bytes, to tell a
 * reused inode or a copy) and a marker just before the saved position (to tell a file that was
 * truncated and regrew past that position, which a size check cannot see).
 *
 * @param offset where the range starts
 * @param length bytes covered; 0 means none (nothing to check)
 * @param crc the checksum
 */
record Fingerprint(long offset, int length, long crc) {
  static final int HEAD_BYTES = 1024;
  static final int MARKER_BYTES = 64;
  static final Fingerprint NONE = new Fingerprint(0, 0, 0);

  /** The checksum of {@code [offset, offset + length)}, or null when the file is shorter. */
  static Fingerprint read(FileChannel file, long offset, int length) throws IOException {
    if (length <= 0) {
      return NONE;
    }
    ByteBuffer buf = ByteBuffer.allocate(length);
    long at = offset;
    while (buf.hasRemaining()) {
      int n = file.read(buf, at);
      if (n < 0) {
        return null;
      }
      at += n;
    }
    return of(buf.array(), 0, length, offset);
  }

  /** The checksum of bytes already in memory: {@code buf[from, from + length)}, file offset {@code offset}. */
  static Fingerprint of(byte[] buf, int from, int length, long offset) {
    if (length <= 0) {
      return NONE;
    }
    CRC32C crc = new CRC32C();
    crc.update(buf, from, length);
    return new Fingerprint(offset, length, crc.getValue());
  }

  /** The head of a file of {@code size} bytes: up to {@link #HEAD_BYTES}. */
  static Fingerprint head(FileChannel file, long size) throws IOException {
    return read(file, 0, (int) Math.min(size, HEAD_BYTES));
  }

  /** The marker for position {@code pos}: up to {@link #MARKER_BYTES} before it. */
  static Fingerprint marker(FileChannel file, long pos) throws IOException {
    int len = (int) Math.min(pos, MARKER_BYTES);
    return read(file, pos - len, len);
  }

  /** True when the file still holds the same bytes over this range (always true for NONE). */
  boolean matches(FileChannel file) throws IOException {
    if (length == 0) {
      return true;
    }
    Fingerprint now = read(file, offset, length);
    return now != null && now.crc == crc;
  }
}
