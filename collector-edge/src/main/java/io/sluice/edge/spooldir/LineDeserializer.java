package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DecodeErrorPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.HashMap;

/**
 * One event per line. Lines end at '\n'; a '\r' before it is dropped; a last line without a newline
 * is still an event, and an empty file yields none. A line longer than {@code maxLineLength}
 * characters is cut there and the rest of it is skipped and counted (Flume makes the rest the next
 * event, which splits a record in two). Lines are split on the raw byte 0x0A, which the factory
 * only allows for charsets where no other character contains that byte, so every event's end is
 * an exact byte offset to resume from.
 */
final class LineDeserializer implements SpoolDeserializer {
  private final FileInput in;
  private final CharsetDecoder decoder;
  private final Charset outputCharset;
  private final boolean rawBodies;
  private final int maxChars;
  private final int maxBytes;
  private final TruncationListener truncations;
  private byte[] line = new byte[256];
  private CharBuffer chars = CharBuffer.allocate(256);

  /** Told about every line that was cut, with the offset where it starts. */
  interface TruncationListener {
    void truncated(long lineOffset);
  }

  LineDeserializer(FileInput in, Charset inputCharset, DecodeErrorPolicy policy, DeserializerConfig config,
      TruncationListener truncations) {
    this.in = in;
    CodingErrorAction action = policy.action();
    this.decoder = inputCharset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    this.outputCharset = config.outputCharset();
    // Validated bytes in the output charset can be used as they are, with no re-encoding.
    this.rawBodies = policy == DecodeErrorPolicy.FAIL && inputCharset.equals(outputCharset);
    this.maxChars = config.maxLineLength();
    long bytesPerChar = (long) Math.ceil(inputCharset.newEncoder().maxBytesPerChar());
    this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, maxChars * Math.max(1, bytesPerChar) + 1);
    this.truncations = truncations;
  }

  @Override
  public Event next() throws IOException {
    long start = in.position();
    int len = 0;
    boolean cut = false;
    boolean any = false;
    int b;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (len < maxBytes) {
        if (len == line.length) {
          line = Arrays.copyOf(line, (int) Math.min(maxBytes, 2L * len));
        }
        line[len++] = (byte) b;
      } else {
        cut = true;
      }
    }
    if (!any) {
      return null;
    }
    if (!cut && len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return Event.of(new HashMap<>(), body(start, len, cut));
  }

  private byte[] body(long start, int len, boolean cutBytes) throws IOException {
    if (chars.capacity() < len + 1) {
      chars = CharBuffer.allocate(Math.max(len + 1, 2 * chars.capacity()));
    }
    chars.clear();
    decoder.reset();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
    // A line cut by bytes may end inside a character: decode it as not-yet-ended input.
    CoderResult r = decoder.decode(bytes, chars, !cutBytes);
    if (!r.isError() && !cutBytes) {
      r = decoder.flush(chars);
    }
    if (r.isError()) {
      throw new DecodeFailure("bytes at offset " + (start + bytes.position()) + " are not valid "
          + decoder.charset().name());
    }
    chars.flip();
    boolean cut = cutBytes || chars.length() > maxChars;
    if (cut) {
      truncations.truncated(start);
      int end = Math.min(chars.length(), maxChars);
      if (end > 0 && end < chars.length() && Character.isHighSurrogate(chars.get(end - 1))) {
        end--;
      }
      chars.limit(end);
    } else if (rawBodies) {
      return Arrays.copyOf(line, len);
    }
    ByteBuffer out = outputCharset.encode(chars);
    byte[] body = new byte[out.remaining()];
    out.get(body);
    return body;
  }

  @Override
  public SpoolPosition position() {
    return SpoolPosition.at(in.position());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
