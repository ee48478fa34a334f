package io.sluice.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines of at most {@code maxLength} bytes; a trailing '\r' is dropped. A
 * longer line is cut at {@code maxLength} and the rest of it, up to its newline, is discarded.
 * Not thread-safe: one per connection.
 */
final class LineReader {

  /** One line; {@code truncated} when bytes past the limit were discarded. */
  record Line(byte[] bytes, boolean truncated) {}

  private final InputStream in;
  private final int maxLength;
  private final byte[] buffer;
  private int length;
  private boolean truncated;

  LineReader(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
    this.buffer = new byte[maxLength];
  }

  /** The next line, or null at end of stream (a last line without newline is still returned). */
  Line next() throws IOException {
    length = 0;
    truncated = false;
    // A '\r' is held back until we know whether it ends the line ("\r\n") or is content.
    boolean pendingCr = false;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return new Line(Arrays.copyOf(buffer, length), truncated);
      }
      if (pendingCr) {
        append('\r');
      }
      pendingCr = b == '\r';
      if (!pendingCr) {
        append(b);
      }
    }
    if (pendingCr) {
      append('\r');
    }
    return length > 0 || truncated ? new Line(Arrays.copyOf(buffer, length), truncated) : null;
  }

  private void append(int b) {
    if (length < maxLength) {
      buffer[length++] = (byte) b;
    } else {
      truncated = true;
    }
  }
}
