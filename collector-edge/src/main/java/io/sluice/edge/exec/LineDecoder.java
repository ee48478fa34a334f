package io.sluice.edge.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;

/**
 * Splits a child's output into lines of at most {@code maxLength} characters. A line ends at '\n';
 * a '\r' right before it is dropped. The rest of a longer line, up to its newline, is discarded,
 * so one runaway line costs bounded memory and never stops the reading. Bytes that are malformed in
 * the charset become U+FFFD, as with Flume's reader. A read returns as soon as the pipe has data,
 * so a line is seen when its newline arrives. Not thread-safe: one per stream.
 */
final class LineDecoder {

  /** One line; {@code truncated} when characters past the limit were discarded. */
  record Line(String text, boolean truncated) {}

  private final Reader in;
  private final int maxLength;
  private final char[] buffer = new char[8192];
  private final StringBuilder line = new StringBuilder();
  private int pos;
  private int limit;

  LineDecoder(InputStream in, Charset charset, int maxLength) {
    this.in = new InputStreamReader(in, charset);
    this.maxLength = maxLength;
  }

  /** The next line, or null at end of stream (a last line without newline is still returned). */
  Line next() throws IOException {
    line.setLength(0);
    long seen = 0;
    char last = 0;
    while (true) {
      if (pos == limit) {
        int n = in.read(buffer);
        if (n < 0) {
          return seen > 0 ? finish(seen, false) : null;
        }
        pos = 0;
        limit = n;
      }
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int count = pos - start;
      if (count > 0) {
        int room = (int) Math.max(0, Math.min(count, maxLength - seen));
        line.append(buffer, start, room);
        seen += count;
        last = buffer[pos - 1];
      }
      if (pos < limit) {
        pos++; // the '\n'
        return finish(seen, last == '\r');
      }
    }
  }

  private Line finish(long seen, boolean endsWithCr) {
    long length = endsWithCr ? seen - 1 : seen;
    if (line.length() > length) {
      line.setLength((int) length);
    }
    boolean truncated = length > maxLength;
    if (truncated && line.length() > 0 && Character.isHighSurrogate(line.charAt(line.length() - 1))) {
      // Never leave half a surrogate pair at the cut.
      line.setLength(line.length() - 1);
    }
    return new Line(line.toString(), truncated);
  }

  void close() throws IOException {
    in.close();
  }
}
