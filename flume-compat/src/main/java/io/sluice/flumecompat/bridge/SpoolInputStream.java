package io.sluice.flumecompat.bridge;

import io.sluice.api.serialization.DeserializerInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import org.apache.flume.serialization.LengthMeasurable;
import org.apache.flume.serialization.RemoteMarkable;
import org.apache.flume.serialization.ResettableInputStream;

/**
 * Flume's {@code ResettableInputStream} over a spooled file, as Flume's
 * {@code ResettableFileInputStream} behaves: bytes and characters (decoded with the source's
 * {@code inputCharset} and {@code decodeErrorPolicy}) from one position, {@code tell} the offset
 * after the last whole character or byte read, {@code mark}/{@code reset} in memory. The mark is
 * not made durable here: the source saves {@link #getMarkPosition()} once a batch is committed
 * and a restart seeks a new stream there. Stops at the input's limit. Runner-thread confined.
 */
final class SpoolInputStream extends ResettableInputStream implements RemoteMarkable, LengthMeasurable {
  private static final int BUFFER = 64 * 1024;

  private final DeserializerInput input;
  private final CharsetDecoder decoder;
  private final int maxCharBytes;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer chars = CharBuffer.allocate(2);
  private long bufferStart; // file offset of buffer index 0
  private long mark;
  private int lowSurrogate = -1;

  SpoolInputStream(DeserializerInput input) {
    this.input = input;
    this.decoder = input.charset().newDecoder().onMalformedInput(input.onDecodeError())
        .onUnmappableCharacter(input.onDecodeError());
    // Some charsets under-report (UTF-8 says 3, UTF-16 says 2): a whole code point fits in 8.
    this.maxCharBytes = Math.max(8, (int) Math.ceil(input.charset().newEncoder().maxBytesPerChar()) * 2);
    this.bufferStart = input.start();
    this.mark = input.start();
  }

  @Override
  public int read() throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    lowSurrogate = -1;
    return buffer.get() & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    lowSurrogate = -1;
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  /** The next character; a supplementary one comes as its two surrogates, the position moving past both at once. */
  @Override
  public int readChar() throws IOException {
    if (lowSurrogate >= 0) {
      int c = lowSurrogate;
      lowSurrogate = -1;
      return c;
    }
    while (buffer.remaining() < maxCharBytes && fill()) {
      // keep at least one whole character in the buffer unless the input ends first
    }
    boolean end = bufferStart + buffer.limit() >= input.limit();
    chars.clear().limit(1);
    CoderResult r = decoder.decode(buffer, chars, end);
    if (chars.position() == 0 && !r.isError() && buffer.hasRemaining()) {
      chars.limit(2); // a surrogate pair decodes only into room for both
      r = decoder.decode(buffer, chars, end);
    }
    // A character decoded before bad bytes is returned; the next call stops at them.
    if (r.isError() && chars.position() == 0) {
      throw new IOException("bytes at offset " + tell() + " are not valid " + decoder.charset().name());
    }
    chars.flip();
    if (!chars.hasRemaining()) {
      return -1;
    }
    if (chars.remaining() == 2) {
      lowSurrogate = chars.get(1);
    }
    return chars.get(0);
  }

  @Override
  public void mark() {
    mark = tell();
  }

  @Override
  public void markPosition(long position) {
    mark = position;
  }

  @Override
  public long getMarkPosition() {
    return mark;
  }

  @Override
  public void reset() throws IOException {
    seek(mark);
  }

  @Override
  public void seek(long position) throws IOException {
    if (position < input.start() || position > input.limit()) {
      throw new IOException("cannot seek to " + position + ": the input is bytes " + input.start()
          + " to " + input.limit());
    }
    lowSurrogate = -1;
    decoder.reset();
    long inBuffer = position - bufferStart;
    if (inBuffer >= 0 && inBuffer <= buffer.limit()) {
      buffer.position((int) inBuffer);
    } else {
      bufferStart = position;
      buffer.clear().flip();
    }
  }

  @Override
  public long tell() {
    return bufferStart + buffer.position();
  }

  @Override
  public long length() {
    return input.limit();
  }

  /** Appends the next bytes after the unread ones; false at the limit or end of file. */
  private boolean fill() throws IOException {
    long readAt = bufferStart + buffer.limit();
    long left = input.limit() - readAt;
    if (left <= 0) {
      return false;
    }
    bufferStart = tell();
    buffer.compact();
    if (left < buffer.remaining()) {
      buffer.limit(buffer.position() + (int) left);
    }
    int n = input.channel().read(buffer, readAt);
    buffer.flip();
    return n > 0;
  }

  @Override
  public void close() throws IOException {
    if (input.channel() != null) {
      input.channel().close();
    }
  }
}
