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

  LineReader(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
    this.buffer = new byte[maxLength];
  }

  /** The next line, or null at end of stream (a last line without newline is still returned). */
  Line next() throws IOException {
    int length = 0;
    boolean truncated = false;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line(length, truncated);
      }
      if (length < maxLength) {
        buffer[length++] = (byte) b;
      } else {
        truncated = true;
      }
    }
    return length > 0 || truncated ? line(length, truncated) : null;
  }

  private Line line(int length, boolean truncated) {
    int end = length > 0 && buffer[length - 1] == '\r' && !truncated ? length - 1 : length;
    return new Line(Arrays.copyOf(buffer, end), truncated);
  }
}
